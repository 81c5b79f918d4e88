//! Text order as JavaScript's `localeCompare` gives it in English (ICU's root
//! collation): whitespace, then punctuation, symbols, digits, letters; case
//! and accents matter only when everything else is equal.

use std::cmp::Ordering;

/// ASCII punctuation and symbols in the root collation's order.
const SYMBOLS: &[u8] = b"_-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$";

/// The position of each ASCII symbol in [`SYMBOLS`] (255: not a symbol).
const SYMBOL_RANK: [u8; 128] = {
    let mut table = [255u8; 128];
    let mut index = 0;
    while index < SYMBOLS.len() {
        table[SYMBOLS[index] as usize] = index as u8;
        index += 1;
    }
    table
};

/// Compare two texts as `a.localeCompare(b)` does with `LC_ALL=en`: by
/// primary weights, then case, then code points; nothing is allocated, and
/// most pairs differ within a few characters.
pub(crate) fn compare(a: &str, b: &str) -> Ordering {
    a.chars()
        .map(primary_weight)
        .cmp(b.chars().map(primary_weight))
        .then_with(|| {
            a.chars()
                .map(char::is_uppercase)
                .cmp(b.chars().map(char::is_uppercase))
        })
        .then_with(|| a.cmp(b))
}

/// (class, weight): whitespace < punctuation and symbols < digits < letters.
fn primary_weight(c: char) -> (u8, u32) {
    if c.is_ascii() {
        let byte = c as u8;
        if byte.is_ascii_lowercase() {
            return (4, u32::from(byte));
        }
        if byte.is_ascii_uppercase() {
            return (4, u32::from(byte.to_ascii_lowercase()));
        }
        if byte.is_ascii_digit() {
            return (3, u32::from(byte));
        }
        if byte.is_ascii_whitespace() {
            return (0, u32::from(byte));
        }
        let rank = SYMBOL_RANK[usize::from(byte)];
        if rank != 255 {
            return (1, u32::from(rank));
        }
        return (2, u32::from(byte));
    }
    if c.is_whitespace() {
        return (0, u32::from(c));
    }
    if c.is_alphabetic() {
        let base = c.to_lowercase().next().unwrap_or(c);
        return (4, u32::from(fold_accent(base)));
    }
    // Other symbols (emoji, dashes, quotes) sort among the symbols, after ASCII ones.
    (2, u32::from(c))
}

/// The base letter of common Latin accented letters (`é` → `e`).
fn fold_accent(c: char) -> char {
    match c {
        'à'..='å' => 'a',
        'ç' => 'c',
        'è'..='ë' => 'e',
        'ì'..='ï' => 'i',
        'ñ' => 'n',
        'ò'..='ö' | 'ø' => 'o',
        'ù'..='ü' => 'u',
        'ý' | 'ÿ' => 'y',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::compare;

    proptest::proptest! {
        #[test]
        fn order_is_total_and_consistent(a in "\\PC{0,12}", b in "\\PC{0,12}", c in "\\PC{0,12}") {
            use std::cmp::Ordering::*;
            proptest::prop_assert_eq!(compare(&a, &b), compare(&b, &a).reverse());
            proptest::prop_assert_eq!(compare(&a, &b) == Equal, a == b);
            if compare(&a, &b) != Greater && compare(&b, &c) != Greater {
                proptest::prop_assert_ne!(compare(&a, &c), Greater);
            }
        }
    }

    #[test]
    fn orders_like_locale_compare_in_english() {
        let mut words = vec![
            "star", "zetab", "aa", "alphac", "Alpha", "alpha", "10", "2", "_x", "a b", "ab",
            "éclair", "eclair",
        ];
        words.sort_by(|a, b| compare(a, b));
        assert_eq!(
            words,
            [
                "_x", "10", "2", "a b", "aa", "ab", "alpha", "Alpha", "alphac", "eclair", "éclair",
                "star", "zetab"
            ]
        );
    }
}

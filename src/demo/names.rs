//! Customer names and e-mail addresses.
//!
//! The mix mirrors Northern California: Latino, Anglo, Chinese, Filipino,
//! South Asian, Korean, Japanese, Armenian and Black American surnames, plus a
//! Vietnamese-speaking community whose names keep their diacritics (the chat
//! bot must greet "Nguyễn Văn An" correctly). E-mails are folded to ASCII and
//! carry the customer's serial so they are unique by construction.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::Segment;

#[rustfmt::skip]
const FIRST: &[&str] = &[
    "Maria", "James", "José", "Sofía", "Michael", "Emily", "David", "Jennifer", "Daniel", "Jessica",
    "Luis", "Ana", "Wei", "Mei", "Priya", "Arjun", "Jasmine", "Marcus", "Aaliyah", "Kevin",
    "Grace", "Min-jun", "Ji-woo", "Hiroshi", "Yuki", "Carlos", "Gabriela", "Rafael", "Angela",
    "Christopher", "Ashley", "Andre", "Tanisha", "Ravi", "Anjali", "Armen", "Ani", "Roberto",
    "Lucía", "Ethan", "Olivia", "Noah", "Isabella", "Diego", "Valeria", "Jun", "Ling", "Rosa",
    "Miguel", "Fatima", "Omar", "Samantha", "Brian", "Nicole", "Tyler", "Mateo", "Camila",
    "Joshua", "Elena", "Paolo", "Mariel", "Raj", "Deepa", "Harpreet", "Gurpreet", "Ramón", "Inés",
];

#[rustfmt::skip]
const LAST: &[&str] = &[
    "Garcia", "Rodriguez", "Hernandez", "Lopez", "Martinez", "Gonzalez", "Perez", "Sanchez",
    "Ramirez", "Torres", "Flores", "Rivera", "Smith", "Johnson", "Williams", "Brown", "Jones",
    "Miller", "Davis", "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Jackson", "White",
    "Harris", "Clark", "Lewis", "Robinson", "Walker", "Chen", "Wong", "Lee", "Wang", "Liu",
    "Zhang", "Huang", "Lin", "Santos", "Reyes", "Cruz", "Bautista", "Mendoza", "Dela Cruz",
    "Patel", "Singh", "Sharma", "Gupta", "Kaur", "Kim", "Park", "Choi", "Tanaka", "Nakamura",
    "Yamamoto", "Sarkisian", "Petrosyan", "O'Connor", "Murphy", "Sullivan", "Núñez", "Peña",
    "Ibáñez", "Washington", "Okafor", "Haddad",
];

/// Vietnamese family names, most common first (Nguyễn alone is ~40%).
const VI_FAMILY: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý",
];
const VI_MIDDLE_M: &[&str] = &["Văn", "Quốc", "Minh", "Hữu", "Đức", "Thanh"];
const VI_MIDDLE_F: &[&str] = &["Thị", "Ngọc", "Thu", "Kim", "Thanh"];
#[rustfmt::skip]
const VI_GIVEN_M: &[&str] = &[
    "An", "Bảo", "Hùng", "Dũng", "Tuấn", "Long", "Khoa", "Phúc", "Hải", "Nam", "Việt",
    "Thắng", "Hiếu", "Quang",
];
#[rustfmt::skip]
const VI_GIVEN_F: &[&str] = &[
    "Mai", "Lan", "Hương", "Linh", "Phương", "Thảo", "Vy", "Trang", "Hạnh", "Ngân", "Hà",
    "Nhung", "Yến", "Tuyết",
];

#[rustfmt::skip]
const PREFIX: &[&str] = &[
    "Golden Gate", "Bay", "Valley", "Sierra", "Delta", "Sunrise", "Redwood", "Pacific",
    "Mission", "Central Valley", "Diablo", "Capitol", "Oak Grove", "Willow Creek",
];
#[rustfmt::skip]
const SHOP: &[&str] = &[
    "Auto Repair", "Bakery", "Dental Group", "Dry Cleaners", "Market", "Taqueria", "Hardware",
    "Insurance Agency", "Nail Salon", "Landscaping", "Plumbing", "Coffee Roasters", "Pharmacy",
    "Print Shop", "Realty", "Family Restaurant",
];
#[rustfmt::skip]
const INDUSTRY: &[&str] = &[
    "Cold Storage", "Data Center", "Food Processing", "Packaging", "Cement", "Steel Works",
    "Medical Center", "Logistics", "Semiconductor", "Almond Growers Co-op", "Bottling",
];
const VI_SHOP: &[&str] = &[
    "Nail Spa",
    "Tax Service",
    "Jewelry",
    "Supermarket",
    "Bakery",
];
const SUFFIX: &[&str] = &["", "", " LLC", " Inc.", ", Inc.", " & Sons", " Co."];
const PARK: &[&str] = &[
    "Mobile Home Park",
    "Mobile Estates",
    "Village MHP",
    "RV & Mobile Park",
];

fn pick<'a>(rng: &mut ChaCha8Rng, list: &[&'a str]) -> &'a str {
    list[rng.gen_range(0..list.len())]
}

/// A Vietnamese family name, weighted so Nguyễn dominates as in real life.
fn vi_family(rng: &mut ChaCha8Rng) -> &'static str {
    if rng.gen_bool(0.38) {
        VI_FAMILY[0]
    } else {
        pick(rng, &VI_FAMILY[1..])
    }
}

/// Display name plus the words that make up the e-mail's local part.
pub(crate) struct Named {
    pub(crate) name: String,
    email_words: Vec<&'static str>,
}

/// Draws a customer's name for its segment and language.
pub(crate) fn draw_name(rng: &mut ChaCha8Rng, segment: Segment, vietnamese: bool) -> Named {
    match (segment, vietnamese) {
        (Segment::Residential, false) => {
            let (first, last) = (pick(rng, FIRST), pick(rng, LAST));
            Named {
                name: format!("{first} {last}"),
                email_words: vec![first, last],
            }
        }
        (Segment::Residential, true) => {
            let family = vi_family(rng);
            let (middle, given) = if rng.gen_bool(0.5) {
                (pick(rng, VI_MIDDLE_M), pick(rng, VI_GIVEN_M))
            } else {
                (pick(rng, VI_MIDDLE_F), pick(rng, VI_GIVEN_F))
            };
            Named {
                name: format!("{family} {middle} {given}"),
                email_words: vec![given, family],
            }
        }
        (Segment::Business, true) => {
            let family = vi_family(rng);
            let (name, words) = match rng.gen_range(0..3) {
                0 => {
                    let given = pick(rng, VI_GIVEN_M);
                    (format!("Phở {given}"), vec!["pho", given])
                }
                1 => {
                    let given = pick(rng, VI_GIVEN_F);
                    (format!("Bánh Mì {given}"), vec!["banhmi", given])
                }
                _ => {
                    let shop = pick(rng, VI_SHOP);
                    (format!("{family} {shop}"), vec![family, shop])
                }
            };
            Named {
                name,
                email_words: words,
            }
        }
        (Segment::Business, false) => {
            let shop = pick(rng, SHOP);
            let owner = if rng.gen_bool(0.5) {
                pick(rng, LAST)
            } else {
                pick(rng, PREFIX)
            };
            let suffix = pick(rng, SUFFIX);
            Named {
                name: format!("{owner} {shop}{suffix}"),
                email_words: vec![owner, shop],
            }
        }
        (Segment::LargeBusiness, _) => {
            let (prefix, industry) = (pick(rng, PREFIX), pick(rng, INDUSTRY));
            let suffix = [" LLC", " Inc.", ", Inc.", " Corp."][rng.gen_range(0..4)];
            Named {
                name: format!("{prefix} {industry}{suffix}"),
                email_words: vec!["ap", prefix, industry],
            }
        }
        (Segment::MobileHomePark, _) => {
            let (prefix, park) = (pick(rng, PREFIX), pick(rng, PARK));
            Named {
                name: format!("{prefix} {park}"),
                email_words: vec!["office", prefix],
            }
        }
    }
}

/// `word.word.N@example.com`, ASCII only; `serial` makes it unique.
pub(crate) fn email(named: &Named, serial: u64) -> String {
    let mut out = String::with_capacity(40);
    for word in &named.email_words {
        for ch in word.chars().flat_map(char::to_lowercase) {
            let ch = fold(ch);
            if ch.is_ascii_alphanumeric() {
                out.push(ch);
            }
        }
        out.push('.');
    }
    out.push_str(&serial.to_string());
    out.push_str("@example.com");
    out
}

/// Folds a lowercase Vietnamese or Spanish letter to its ASCII base letter.
fn fold(ch: char) -> char {
    const GROUPS: &[(char, &str)] = &[
        ('a', "àáảãạăằắẳẵặâầấẩẫậ"),
        ('e', "èéẻẽẹêềếểễệ"),
        ('i', "ìíỉĩị"),
        ('o', "òóỏõọôồốổỗộơờớởỡợ"),
        ('u', "ùúủũụưừứửữựü"),
        ('y', "ỳýỷỹỵ"),
        ('d', "đ"),
        ('n', "ñ"),
        ('c', "ç"),
    ];
    if ch.is_ascii() {
        return ch;
    }
    GROUPS
        .iter()
        .find(|(_, set)| set.contains(ch))
        .map_or(ch, |(base, _)| *base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_ascii() {
        let named = Named {
            name: "Nguyễn Thị Đặng".into(),
            email_words: vec!["Đặng", "Nguyễn"],
        };
        assert_eq!(email(&named, 7), "dang.nguyen.7@example.com");
        let named = Named {
            name: "x".into(),
            email_words: vec!["Ibáñez", "O'Connor", "Dela Cruz"],
        };
        assert_eq!(email(&named, 1), "ibanez.oconnor.delacruz.1@example.com");
    }
}

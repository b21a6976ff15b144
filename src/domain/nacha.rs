//! NACHA PPD files: the fixed-width debit file a payment processor takes, and a checker that
//! reads one back (record lengths, counts, totals, entry hash).

use chrono::{NaiveDate, NaiveDateTime};

use super::bank::{BankAccountNumber, RoutingNumber};
use super::text::fold;
use super::Money;

pub const RECORD_LEN: usize = 94;
/// Debits only.
const SERVICE_CLASS: &str = "225";
/// Checking account debit.
const TRANSACTION_CODE: &str = "27";

/// Who sends the file, from configuration.
#[derive(Debug, Clone)]
pub struct Originator {
    pub destination_routing: RoutingNumber,
    pub destination_name: String,
    /// Ten characters, usually `1` plus the company's tax id.
    pub company_id: String,
    pub company_name: String,
    pub odfi_routing: RoutingNumber,
}

#[derive(Debug, Clone)]
pub struct Debit {
    pub routing: RoutingNumber,
    pub account: BankAccountNumber,
    pub amount: Money,
    /// The utility account number, so the processor's returns can be matched.
    pub individual_id: String,
    pub name: String,
}

/// Upper-case ASCII, diacritics removed, cut or padded to `width`.
fn alpha(text: &str, width: usize) -> String {
    let ascii: String = fold(text)
        .to_uppercase()
        .chars()
        .filter(|c| c.is_ascii() && !c.is_ascii_control())
        .collect();
    format!("{:<width$}", ascii.chars().take(width).collect::<String>())
}

fn num(n: u64, width: usize) -> String {
    let s = format!("{n:0width$}");
    s[s.len() - width..].to_string()
}

/// Builds a one-batch PPD debit file.
pub fn build(
    o: &Originator,
    effective: NaiveDate,
    created: NaiveDateTime,
    debits: &[Debit],
) -> String {
    let odfi8 = &o.odfi_routing.as_str()[..8];
    let mut lines = vec![format!(
        "101 {}{}{}{}A094101{}{}{}",
        o.destination_routing,
        alpha(&o.company_id, 10),
        created.format("%y%m%d"),
        created.format("%H%M"),
        alpha(&o.destination_name, 23),
        alpha(&o.company_name, 23),
        " ".repeat(8)
    )];
    lines.push(format!(
        "5{SERVICE_CLASS}{}{}{}PPD{}{}{}   1{odfi8}{}",
        alpha(&o.company_name, 16),
        " ".repeat(20),
        alpha(&o.company_id, 10),
        alpha("UTIL BILL", 10),
        effective.format("%y%m%d"),
        effective.format("%y%m%d"),
        num(1, 7)
    ));
    let mut hash: u64 = 0;
    let mut total: u64 = 0;
    for (i, d) in debits.iter().enumerate() {
        let r = d.routing.as_str();
        hash += r[..8].parse::<u64>().unwrap_or(0);
        let cents = u64::try_from(d.amount.cents()).unwrap_or(0);
        total += cents;
        lines.push(format!(
            "6{TRANSACTION_CODE}{}{}{:<17}{}{}{}  0{odfi8}{}",
            &r[..8],
            &r[8..],
            d.account.expose(),
            num(cents, 10),
            alpha(&d.individual_id, 15),
            alpha(&d.name, 22),
            num(i as u64 + 1, 7)
        ));
    }
    let hash10 = hash % 10_000_000_000;
    lines.push(format!(
        "8{SERVICE_CLASS}{}{}{}{}{}{}{odfi8}{}",
        num(debits.len() as u64, 6),
        num(hash10, 10),
        num(total, 12),
        num(0, 12),
        alpha(&o.company_id, 10),
        " ".repeat(25),
        num(1, 7)
    ));
    let records = lines.len() + 1;
    let blocks = records.div_ceil(10);
    lines.push(format!(
        "9{}{}{}{}{}{}{}",
        num(1, 6),
        num(blocks as u64, 6),
        num(debits.len() as u64, 8),
        num(hash10, 10),
        num(total, 12),
        num(0, 12),
        " ".repeat(39)
    ));
    while lines.len() % 10 != 0 {
        lines.push("9".repeat(RECORD_LEN));
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

/// What a checked file says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSummary {
    pub entries: u64,
    pub total_debit_cents: u64,
    pub entry_hash: u64,
}

/// Reads a PPD file back and checks every rule a validator does for our files.
///
/// # Errors
/// The first broken rule, with its line.
pub fn check(text: &str) -> Result<FileSummary, String> {
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() % 10 != 0 {
        return Err(format!(
            "{} records is not a whole number of 10-record blocks",
            lines.len()
        ));
    }
    for (i, l) in lines.iter().enumerate() {
        if l.len() != RECORD_LEN || !l.is_ascii() {
            return Err(format!(
                "line {}: {} bytes, expected {RECORD_LEN} ASCII",
                i + 1,
                l.len()
            ));
        }
    }
    let field = |l: &str, a: usize, b: usize| -> Result<u64, String> {
        l[a - 1..b]
            .trim()
            .parse::<u64>()
            .map_err(|_| format!("`{}` is not numeric", &l[a - 1..b]))
    };
    let (mut entries, mut hash, mut debit) = (0u64, 0u64, 0u64);
    let mut batches = 0;
    let mut control = None;
    for (i, l) in lines.iter().enumerate() {
        match &l[..1] {
            "1" if i == 0 => {}
            "5" => batches += 1,
            "6" => {
                entries += 1;
                hash += field(l, 4, 11)?;
                debit += field(l, 30, 39)?;
                let rdfi = &l[3..12];
                RoutingNumber::parse(rdfi)
                    .map_err(|e| format!("line {}: receiving routing {rdfi}: {e}", i + 1))?;
            }
            "8" => {
                if field(l, 5, 10)? != entries
                    || field(l, 11, 20)? != hash % 10_000_000_000
                    || field(l, 21, 32)? != debit
                {
                    return Err(format!(
                        "line {}: batch control totals do not match its entries",
                        i + 1
                    ));
                }
            }
            "9" if control.is_none() => control = Some(*l),
            "9" => {
                if l.chars().any(|c| c != '9') {
                    return Err(format!("line {}: padding must be all nines", i + 1));
                }
            }
            other => return Err(format!("line {}: unexpected record type {other}", i + 1)),
        }
    }
    let c = control.ok_or("no file control record")?;
    if field(c, 2, 7)? != batches
        || field(c, 8, 13)? != (lines.len() / 10) as u64
        || field(c, 14, 21)? != entries
        || field(c, 22, 31)? != hash % 10_000_000_000
        || field(c, 32, 43)? != debit
    {
        return Err("file control totals do not match the file".into());
    }
    Ok(FileSummary {
        entries,
        total_debit_cents: debit,
        entry_hash: hash % 10_000_000_000,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn originator() -> Originator {
        Originator {
            destination_routing: RoutingNumber::parse("121000358").unwrap(),
            destination_name: "Bank of America".into(),
            company_id: "1942000000".into(),
            company_name: "Golden State Power".into(),
            odfi_routing: RoutingNumber::parse("121000358").unwrap(),
        }
    }

    #[test]
    fn a_built_file_checks_out() {
        let debits: Vec<Debit> = (0..13)
            .map(|i| Debit {
                routing: RoutingNumber::parse(if i % 2 == 0 { "021000021" } else { "322271627" })
                    .unwrap(),
                account: BankAccountNumber::parse(&format!("{:09}", 123_456_000 + i)).unwrap(),
                amount: Money::from_cents(10_000 + i as i64),
                individual_id: format!("{}", 1_000_000_000 + i),
                name: "Nguyễn Văn An".into(),
            })
            .collect();
        let created = NaiveDate::from_ymd_opt(2026, 12, 3)
            .unwrap()
            .and_hms_opt(18, 5, 0)
            .unwrap();
        let file = build(
            &originator(),
            NaiveDate::from_ymd_opt(2026, 12, 4).unwrap(),
            created,
            &debits,
        );
        let summary = check(&file).unwrap();
        assert_eq!(summary.entries, 13);
        assert_eq!(
            summary.total_debit_cents,
            (0..13).map(|i| 10_000 + i).sum::<u64>()
        );
        assert_eq!(summary.entry_hash, 7 * 2_100_002 + 6 * 32_227_162);
        assert!(file.contains("NGUYEN VAN AN"));
    }

    #[test]
    fn a_tampered_total_is_caught() {
        let d = Debit {
            routing: RoutingNumber::parse("021000021").unwrap(),
            account: BankAccountNumber::parse("12345678").unwrap(),
            amount: Money::from_cents(500),
            individual_id: "1000000001".into(),
            name: "A".into(),
        };
        let created = NaiveDate::from_ymd_opt(2026, 12, 3)
            .unwrap()
            .and_hms_opt(18, 5, 0)
            .unwrap();
        let file = build(
            &originator(),
            NaiveDate::from_ymd_opt(2026, 12, 4).unwrap(),
            created,
            &[d],
        );
        let bad = file.replacen("0000000500", "0000000600", 1);
        assert!(check(&bad).is_err());
    }
}

//! The balance rule, stated once.
//!
//! The balance due is the latest bill's amount due minus posted payments dated on or after that
//! bill's statement date. It is past due when today is after the due date and the balance is above
//! zero. Payments not yet posted are reported beside it, never subtracted.

use chrono::NaiveDate;

use super::{Bill, Money, Payment, PaymentStatus};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BalanceSummary {
    pub balance: Money,
    pub due_date: Option<NaiveDate>,
    pub past_due: bool,
    pub pending: Vec<Payment>,
    pub statement_date: Option<NaiveDate>,
}

/// Applies the rule to an account's latest bill and its payments (any order, any status).
pub fn balance(latest: Option<&Bill>, payments: &[Payment], today: NaiveDate) -> BalanceSummary {
    let pending: Vec<Payment> = payments
        .iter()
        .filter(|p| matches!(p.status, PaymentStatus::Pending | PaymentStatus::Submitted))
        .cloned()
        .collect();
    let Some(bill) = latest else {
        return BalanceSummary {
            balance: Money::ZERO,
            due_date: None,
            past_due: false,
            pending,
            statement_date: None,
        };
    };
    let paid: Money = payments
        .iter()
        .filter(|p| p.status == PaymentStatus::Posted && p.date >= bill.statement_date)
        .map(|p| p.amount)
        .sum();
    let balance = bill.amount_due - paid;
    BalanceSummary {
        balance,
        due_date: Some(bill.due_date),
        past_due: today > bill.due_date && balance.is_positive(),
        pending,
        statement_date: Some(bill.statement_date),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::AccountNumber;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn bill(amount: i64) -> Bill {
        Bill {
            account: AccountNumber::parse("1000000001").unwrap(),
            statement_date: d("2026-11-20"),
            due_date: d("2026-12-11"),
            period_start: d("2026-10-20"),
            period_end: d("2026-11-19"),
            wh: 400_000,
            amount_due: Money::from_cents(amount),
        }
    }

    fn pay(date: &str, cents: i64, status: PaymentStatus) -> Payment {
        Payment {
            account: AccountNumber::parse("1000000001").unwrap(),
            date: d(date),
            amount: Money::from_cents(cents),
            method: "web".into(),
            status,
        }
    }

    #[test]
    fn posted_payments_since_the_statement_reduce_the_balance() {
        let payments = [
            pay("2026-11-19", 5000, PaymentStatus::Posted), // before the statement: ignored
            pay("2026-11-25", 3000, PaymentStatus::Posted),
            pay("2026-11-28", 2000, PaymentStatus::Pending), // beside, not subtracted
        ];
        let s = balance(Some(&bill(12345)), &payments, d("2026-12-03"));
        assert_eq!(s.balance, Money::from_cents(9345));
        assert!(!s.past_due);
        assert_eq!(s.pending.len(), 1);
    }

    #[test]
    fn past_due_only_after_the_due_date_with_money_owed() {
        let b = bill(12345);
        assert!(!balance(Some(&b), &[], d("2026-12-11")).past_due);
        assert!(balance(Some(&b), &[], d("2026-12-12")).past_due);
        let paid = [pay("2026-12-01", 12345, PaymentStatus::Posted)];
        assert!(!balance(Some(&b), &paid, d("2026-12-12")).past_due);
    }

    #[test]
    fn no_bill_means_nothing_due() {
        let s = balance(None, &[], d("2026-12-03"));
        assert_eq!(s.balance, Money::ZERO);
        assert_eq!(s.due_date, None);
    }
}

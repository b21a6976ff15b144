//! The utility's records, as imported from its CSV export.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{AccountNumber, CustomerNumber, EmailAddress, Locale, Money, Zip};

/// Customer class; large business customers (over 300 kW) enrol through their representative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Segment {
    Residential,
    Business,
    LargeBusiness,
    MobileHomePark,
}

impl Segment {
    pub fn code(self) -> &'static str {
        match self {
            Segment::Residential => "residential",
            Segment::Business => "business",
            Segment::LargeBusiness => "large_business",
            Segment::MobileHomePark => "mobile_home_park",
        }
    }

    pub fn from_code(code: &str) -> Option<Segment> {
        Some(match code {
            "residential" => Segment::Residential,
            "business" => Segment::Business,
            "large_business" => Segment::LargeBusiness,
            "mobile_home_park" => Segment::MobileHomePark,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Customer {
    pub number: CustomerNumber,
    pub name: String,
    pub email: Option<EmailAddress>,
    pub language: Locale,
    pub segment: Segment,
    pub billing_zip: Zip,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Account {
    pub number: AccountNumber,
    pub customer: CustomerNumber,
    pub service_address: String,
    pub service_zip: Zip,
    pub rate_plan: Option<String>,
    pub outage_group: Option<String>,
    /// Peak demand in kW, with up to three decimals, kept as text-exact decimal.
    pub demand_kw: Option<rust_decimal::Decimal>,
    pub deposit: Option<Money>,
    pub next_statement_date: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bill {
    pub account: AccountNumber,
    pub statement_date: NaiveDate,
    pub due_date: NaiveDate,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    /// Energy in watt-hours, so kWh with three decimals stays exact.
    pub wh: i64,
    pub amount_due: Money,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PaymentStatus {
    /// Scheduled or made through gridchat and not yet received by the utility.
    Pending,
    /// Sent to the payment processor, not yet posted.
    Submitted,
    /// Received by the utility; only these reduce the balance.
    Posted,
    Cancelled,
}

impl PaymentStatus {
    pub fn code(self) -> &'static str {
        match self {
            PaymentStatus::Pending => "pending",
            PaymentStatus::Submitted => "submitted",
            PaymentStatus::Posted => "posted",
            PaymentStatus::Cancelled => "cancelled",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "pending" => PaymentStatus::Pending,
            "submitted" => PaymentStatus::Submitted,
            "posted" => PaymentStatus::Posted,
            "cancelled" => PaymentStatus::Cancelled,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payment {
    pub account: AccountNumber,
    pub date: NaiveDate,
    pub amount: Money,
    pub method: String,
    pub status: PaymentStatus,
}

/// Formats watt-hours as kWh text for machines: `1234.5` → no trailing zeros beyond need.
pub fn kwh_decimal(wh: i64) -> rust_decimal::Decimal {
    rust_decimal::Decimal::new(wh, 3).normalize()
}

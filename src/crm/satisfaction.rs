//! Satisfaction: CSAT (1–5, how was this?) and NPS (0–10, would you recommend
//! us?), recorded per customer, on their own, from an interaction or when a
//! case closes. The customer page shows the latest of each and the trend.

use rusqlite::{params, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::base::clock;
use crate::base::error::{Code, FolioError, Result};
use crate::base::fields;
use crate::base::text::{self, quote};
use crate::store::Store;
use crate::trade::orders;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ScoreKind {
    Csat,
    Nps,
}

impl ScoreKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ScoreKind::Csat => "csat",
            ScoreKind::Nps => "nps",
        }
    }

    /// The range of scores: CSAT 1–5, NPS 0–10.
    pub fn range(self) -> (i64, i64) {
        match self {
            ScoreKind::Csat => (1, 5),
            ScoreKind::Nps => (0, 10),
        }
    }

    pub fn parse(s: &str) -> Option<ScoreKind> {
        match s.trim().to_lowercase().as_str() {
            "csat" => Some(ScoreKind::Csat),
            "nps" => Some(ScoreKind::Nps),
            _ => None,
        }
    }
}

/// A score as typed; blank is none.
pub fn parse_score(field: &str, kind: ScoreKind, input: &str) -> Result<Option<i64>> {
    if input.trim().is_empty() {
        return Ok(None);
    }
    let (min, max) = kind.range();
    fields::whole(input, min, max).map(Some).map_err(|_| {
        FolioError::invalid(
            Code::ScoreRange,
            field,
            format!(
                "{} score {} must be a whole number from {min} to {max}",
                kind.as_str().to_uppercase(),
                quote(input)
            ),
        )
        .with("min", min)
        .with("max", max)
    })
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Score {
    pub kind: ScoreKind,
    #[ts(type = "number")]
    pub score: i64,
    pub comment: String,
    pub recorded_at: String,
    #[ts(type = "number | null")]
    pub case_id: Option<i64>,
}

/// The latest of each score and the trend (oldest first, the last twelve).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct SatisfactionSummary {
    pub latest_csat: Option<Score>,
    pub latest_nps: Option<Score>,
    pub csat: Vec<Score>,
    pub nps: Vec<Score>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct SatisfactionInput {
    pub customer: String,
    /// `csat` or `nps`.
    pub kind: String,
    pub score: String,
    pub comment: String,
}

pub(crate) fn insert(
    tx: &Transaction,
    customer_id: i64,
    kind: ScoreKind,
    score: i64,
    comment: &str,
    case_id: Option<i64>,
    interaction_id: Option<i64>,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO satisfaction (customer_id, kind, score, comment, case_id, interaction_id, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        customer_id,
        kind.as_str(),
        score,
        comment,
        case_id,
        interaction_id,
        clock::stamp()
    ])?;
    Ok(())
}

/// Records a score given on its own (not on a call or a case).
pub fn record(store: &mut Store, input: &SatisfactionInput) -> Result<SatisfactionSummary> {
    let customer = orders::customer_for(store, &input.customer)?;
    let kind = ScoreKind::parse(&input.kind).ok_or_else(|| {
        FolioError::invalid(
            Code::ScoreRange,
            "kind",
            format!("score type {} is not csat or nps", quote(&input.kind)),
        )
    })?;
    let score = parse_score("score", kind, &input.score)?.ok_or_else(|| {
        let (min, max) = kind.range();
        FolioError::invalid(
            Code::ScoreRange,
            "score",
            format!("give a score from {min} to {max}"),
        )
        .with("min", min)
        .with("max", max)
    })?;
    let comment = text::note("comment", &input.comment, 500)?;
    store.write("satisfaction.record", "customer", |tx| {
        insert(tx, customer.id, kind, score, &comment, None, None)?;
        Ok(((), Some(customer.id)))
    })?;
    summary(store, &customer.code)
}

pub fn summary(store: &Store, customer: &str) -> Result<SatisfactionSummary> {
    let customer = orders::customer_for(store, customer)?;
    let mut stmt = store.conn().prepare_cached(
        "SELECT kind, score, comment, recorded_at, case_id FROM satisfaction
         WHERE customer_id = ?1 AND kind = ?2 ORDER BY id DESC LIMIT 12",
    )?;
    let mut of = |kind: ScoreKind| -> Result<Vec<Score>> {
        let mut rows = stmt
            .query_map(params![customer.id, kind.as_str()], |r| {
                Ok(Score {
                    kind,
                    score: r.get(1)?,
                    comment: r.get(2)?,
                    recorded_at: r.get(3)?,
                    case_id: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.reverse();
        Ok(rows)
    };
    let csat = of(ScoreKind::Csat)?;
    let nps = of(ScoreKind::Nps)?;
    Ok(SatisfactionSummary {
        latest_csat: csat.last().cloned(),
        latest_nps: nps.last().cloned(),
        csat,
        nps,
    })
}

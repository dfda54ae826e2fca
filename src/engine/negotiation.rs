//! Negotiation, generic over any level's parties and terms.
//!
//! A package is one level per deal term. Each party scores it as the sum of its priority
//! weight times the term's level, and accepts when no red line is crossed and the score
//! reaches its reservation value (an expression over the world, so it moves as the crisis
//! does). Each verdict carries its reasons, ranked by weight, so the UI can explain a "no"
//! precisely where the party's priorities are known and vaguely where they are not.

use super::expr::Env;
use super::scenario::{PartyId, Scenario, TermId};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stance {
    Accept,
    /// Close to the reservation value, but short of it.
    Lukewarm,
    Reject,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// A red line the package crosses, with the party's words.
    RedLine { term: TermId, reason: String },
    /// A term that moved the score, by how much.
    Term { term: TermId, contribution: f64 },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub party: PartyId,
    pub stance: Stance,
    pub score: f64,
    pub reservation: f64,
    /// Red lines first, then terms by the size of their contribution.
    pub reasons: Vec<Reason>,
}

impl Verdict {
    pub fn accepts(&self) -> bool {
        self.stance == Stance::Accept
    }
    /// How far the score is from the reservation value (negative: short of it).
    pub fn margin(&self) -> f64 {
        self.score - self.reservation
    }
    pub fn red_lines_crossed(&self) -> usize {
        self.reasons
            .iter()
            .filter(|r| matches!(r, Reason::RedLine { .. }))
            .count()
    }
}

/// A package's shape must match the level: one level per term, each within range.
pub fn check_shape(scenario: &Scenario, levels: &[u8]) -> Result<(), String> {
    if levels.len() != scenario.terms.len() {
        return Err(format!(
            "{} term levels given, the level has {} terms",
            levels.len(),
            scenario.terms.len()
        ));
    }
    for (term, &level) in scenario.terms.iter().zip(levels) {
        if level > term.max_level {
            return Err(format!(
                "'{}' goes up to {}, not {level}",
                term.id, term.max_level
            ));
        }
    }
    Ok(())
}

/// A party's answer to a package without the reasons: what searches for an acceptable
/// package need, many times over, without allocating.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Standing {
    pub stance: Stance,
    pub score: f64,
    pub reservation: f64,
    pub red_lines_crossed: usize,
}

impl Standing {
    /// How far the score is from the reservation value (negative: short of it).
    pub fn margin(&self) -> f64 {
        self.score - self.reservation
    }
}

/// Weigh a package for one party: its score, reservation value and stance.
pub fn weigh(scenario: &Scenario, env: &impl Env, party: PartyId, levels: &[u8]) -> Standing {
    let reservation = scenario.party(party).reservation.eval(env);
    weigh_against(scenario, party, levels, reservation)
}

/// [`weigh`] with the party's reservation already evaluated: it depends on the state, not
/// on the package, so a caller trying many packages in one state evaluates it once.
pub fn weigh_against(
    scenario: &Scenario,
    party: PartyId,
    levels: &[u8],
    reservation: f64,
) -> Standing {
    let def = scenario.party(party);
    // Zipped rather than indexed: the package search runs this millions of times a search
    // game. A term beyond the priorities added 0.0 * level = +0.0 before, and adding +0.0
    // leaves a sum that started at +0.0 as it was, so the score is the same to the bit.
    let mut score = 0.0;
    for (&priority, &level) in def.priorities.iter().zip(levels).take(scenario.terms.len()) {
        score += priority * f64::from(level);
    }
    let red_lines_crossed = def
        .red_lines
        .iter()
        .filter(|line| line.crossed_by(levels.get(line.term.index()).copied().unwrap_or(0)))
        .count();
    let margin = scenario.deal.as_ref().map_or(10.0, |d| d.lukewarm_margin);
    let stance = if red_lines_crossed > 0 {
        Stance::Reject
    } else if score >= reservation {
        Stance::Accept
    } else if score >= reservation - margin {
        Stance::Lukewarm
    } else {
        Stance::Reject
    };
    Standing {
        stance,
        score,
        reservation,
        red_lines_crossed,
    }
}

/// Judge a package for one party: its standing, with the reasons ranked by weight.
pub fn judge(scenario: &Scenario, env: &impl Env, party: PartyId, levels: &[u8]) -> Verdict {
    let def = scenario.party(party);
    let standing = weigh(scenario, env, party, levels);
    let mut reasons = Vec::new();
    for (index, &level) in levels.iter().enumerate().take(scenario.terms.len()) {
        let contribution = def.priorities.get(index).copied().unwrap_or(0.0) * f64::from(level);
        if contribution != 0.0 {
            reasons.push(Reason::Term {
                term: TermId(index as u16),
                contribution,
            });
        }
    }
    for line in &def.red_lines {
        let level = levels.get(line.term.index()).copied().unwrap_or(0);
        if line.crossed_by(level) {
            reasons.push(Reason::RedLine {
                term: line.term,
                reason: line.reason.clone(),
            });
        }
    }
    reasons.sort_by(|a, b| rank(b).total_cmp(&rank(a)));
    Verdict {
        party,
        stance: standing.stance,
        score: standing.score,
        reservation: standing.reservation,
        reasons,
    }
}

fn rank(reason: &Reason) -> f64 {
    match reason {
        Reason::RedLine { .. } => f64::INFINITY,
        Reason::Term { contribution, .. } => contribution.abs(),
    }
}

/// Judge a package for every party.
pub fn assess(scenario: &Scenario, env: &impl Env, levels: &[u8]) -> Vec<Verdict> {
    scenario
        .party_ids()
        .map(|party| judge(scenario, env, party, levels))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::expr::Expr;
    use crate::engine::scenario::{PartyDef, RedLine, TermDef};

    struct Flat;
    impl Env for Flat {
        fn var(&self, _: u16) -> f64 {
            0.0
        }
        fn flag(&self, _: u16) -> bool {
            false
        }
        fn deal(&self, _: u16) -> f64 {
            0.0
        }
        fn revealed(&self, _: u16) -> bool {
            false
        }
        fn fired(&self, _: u16) -> f64 {
            0.0
        }
        fn turn(&self) -> f64 {
            0.0
        }
        fn month_of_year(&self) -> f64 {
            1.0
        }
        fn year(&self) -> f64 {
            2000.0
        }
        fn months_left(&self) -> f64 {
            1.0
        }
    }

    fn term(id: &str) -> TermDef {
        TermDef {
            id: id.into(),
            name: id.into(),
            description: String::new(),
            group: "reward".into(),
            max_level: 2,
            level_labels: vec!["none".into(), "some".into(), "full".into()],
            tags: vec![],
        }
    }

    fn party(
        id: &str,
        priorities: Vec<f64>,
        reservation: f64,
        red_lines: Vec<RedLine>,
    ) -> PartyDef {
        PartyDef {
            id: id.into(),
            name: id.into(),
            description: String::new(),
            willingness: None,
            priorities,
            top_priority: String::new(),
            red_lines,
            reservation: Expr::constant(reservation),
            starts_revealed: false,
            public_position: String::new(),
            links: Vec::new(),
        }
    }

    /// Two terms: inspections (an obligation on the other side) and relief.
    fn example() -> Scenario {
        Scenario {
            terms: vec![term("inspections"), term("relief")],
            parties: vec![
                // The inspector wants inspections, dislikes relief a little.
                party("west", vec![20.0, -5.0], 25.0, vec![]),
                // The inspected wants relief, hates inspections, and insists on relief.
                party(
                    "east",
                    vec![-10.0, 15.0],
                    5.0,
                    vec![RedLine {
                        term: TermId(1),
                        at_least: Some(1),
                        at_most: None,
                        reason: "no deal without relief".into(),
                    }],
                ),
            ],
            ..Scenario::default()
        }
    }

    #[test]
    fn scores_are_weighted_sums() {
        let s = example();
        let v = judge(&s, &Flat, PartyId(0), &[2, 1]);
        assert_eq!(v.score, 35.0);
        assert_eq!(v.stance, Stance::Accept);
        let v = judge(&s, &Flat, PartyId(1), &[2, 1]);
        assert_eq!(v.score, -5.0);
        // Exactly the default lukewarm margin (10) below the reservation value of 5.
        assert_eq!(v.stance, Stance::Lukewarm);
        assert_eq!(judge(&s, &Flat, PartyId(0), &[0, 2]).stance, Stance::Reject);
        // The biggest contribution is listed first.
        assert_eq!(
            v.reasons[0],
            Reason::Term {
                term: TermId(0),
                contribution: -20.0
            }
        );
    }

    #[test]
    fn red_lines_reject_whatever_the_score() {
        let s = example();
        let v = judge(&s, &Flat, PartyId(1), &[0, 0]);
        assert_eq!(v.stance, Stance::Reject);
        assert!(matches!(v.reasons[0], Reason::RedLine { .. }));
    }

    #[test]
    fn a_compromise_satisfies_both_and_lukewarm_is_close() {
        let s = example();
        let verdicts = assess(&s, &Flat, &[1, 1]);
        // west: 20 - 5 = 15 < 25 but within the default margin of 10: lukewarm.
        assert_eq!(verdicts[0].stance, Stance::Lukewarm);
        // east: -10 + 15 = 5 ≥ 5: accepts.
        assert_eq!(verdicts[1].stance, Stance::Accept);
        let verdicts = assess(&s, &Flat, &[1, 2]);
        // west: 20 - 10 = 10, more than the margin below 25: rejects.
        assert_eq!(verdicts[0].stance, Stance::Reject);
        let verdicts = assess(&s, &Flat, &[2, 2]);
        assert_eq!(verdicts[0].score, 30.0);
        assert_eq!(verdicts[1].score, 10.0);
        assert!(verdicts.iter().all(Verdict::accepts));
    }

    #[test]
    fn shape_is_checked() {
        let s = example();
        assert!(check_shape(&s, &[1]).is_err());
        assert!(check_shape(&s, &[3, 0]).is_err());
        assert!(check_shape(&s, &[2, 0]).is_ok());
    }
}

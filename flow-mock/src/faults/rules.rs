//! Which requests get a fault. A rule matches by method and path prefix, then either faults the
//! next `count` matching requests, or (the rate form, for soak tests) faults each matching
//! request with probability `rate`, picking one of several faults with a seeded generator, so a
//! run is the same for the same seed and request order.

use fastrand::Rng;
use serde::{Deserialize, Serialize};

use super::Fault;

/// One queued rule, as `POST /__mock/faults` takes it and `GET` lists it (with what is left of
/// its `count`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(try_from = "RuleSpec")]
pub struct FaultRule {
    /// The HTTP method to match (any when absent or null).
    method: Option<String>,
    /// Prefix of the raw request path, e.g. `/api/v1/registrants`.
    path: String,
    #[serde(flatten)]
    plan: Plan,
}

#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
enum Plan {
    /// The next `count` matching requests get `fault`.
    Next { count: usize, fault: Fault },
    /// Each matching request gets one of `faults` with probability `rate`; `count`, when set, is
    /// how many more matching requests the rule looks at.
    Rate {
        rate: f64,
        seed: u64,
        faults: Vec<Fault>,
        #[serde(skip_serializing_if = "Option::is_none")]
        count: Option<usize>,
        #[serde(skip)]
        rng: Rng,
    },
}

/// A rule as sent, before it is checked: one shape for both forms, so a mistake gets a message
/// saying what is missing rather than serde's "did not match any variant".
#[derive(Debug, Deserialize)]
struct RuleSpec {
    #[serde(default)]
    method: Option<String>,
    #[serde(default = "root")]
    path: String,
    #[serde(default)]
    count: Option<usize>,
    #[serde(default)]
    fault: Option<Fault>,
    #[serde(default)]
    rate: Option<f64>,
    #[serde(default)]
    seed: Option<u64>,
    #[serde(default)]
    faults: Option<Vec<Fault>>,
}

fn root() -> String {
    "/".to_owned()
}

impl TryFrom<RuleSpec> for FaultRule {
    type Error = String;

    fn try_from(spec: RuleSpec) -> Result<Self, String> {
        if spec.count == Some(0) {
            return Err("count must be at least 1".to_owned());
        }
        let plan = match (spec.fault, spec.rate, spec.faults) {
            (Some(fault), None, None) => {
                if spec.seed.is_some() {
                    return Err("seed belongs to a rate rule (rate and faults)".to_owned());
                }
                fault.validate()?;
                Plan::Next {
                    count: spec.count.unwrap_or(1),
                    fault,
                }
            }
            (None, Some(rate), Some(faults)) => {
                if !(0.0..=1.0).contains(&rate) {
                    return Err(format!("rate must be between 0 and 1, not {rate}"));
                }
                if faults.is_empty() {
                    return Err("faults must list at least one fault".to_owned());
                }
                faults.iter().try_for_each(Fault::validate)?;
                let seed = spec.seed.unwrap_or(0);
                Plan::Rate {
                    rate,
                    seed,
                    faults,
                    count: spec.count,
                    rng: Rng::with_seed(seed),
                }
            }
            (Some(_), _, _) => return Err("a rule has either fault, or rate and faults, not both".to_owned()),
            (None, Some(_), None) => return Err("a rate rule needs faults".to_owned()),
            (None, None, Some(_)) => return Err("faults need a rate".to_owned()),
            (None, None, None) => return Err("a rule needs fault, or rate and faults".to_owned()),
        };
        Ok(FaultRule {
            method: spec.method,
            path: spec.path,
            plan,
        })
    }
}

impl FaultRule {
    fn matches(&self, method: &str, path: &str) -> bool {
        self.method
            .as_deref()
            .is_none_or(|m| m.eq_ignore_ascii_case(method))
            && path.starts_with(&self.path)
    }
}

impl Plan {
    /// Looks at one matching request: the fault it gets, if any, and whether the rule is used up.
    fn draw(&mut self) -> (Option<Fault>, bool) {
        match self {
            Plan::Next { count, fault } => {
                *count -= 1;
                (Some(fault.clone()), *count == 0)
            }
            Plan::Rate {
                rate,
                faults,
                count,
                rng,
                ..
            } => {
                if let Some(left) = count.as_mut() {
                    *left -= 1;
                }
                let hit = rng.f64() < *rate;
                let fault = if hit {
                    rng.choice(faults.iter()).cloned()
                } else {
                    None
                };
                (fault, *count == Some(0))
            }
        }
    }
}

/// Pending rules, looked at first-queued first.
#[derive(Debug, Default)]
pub struct FaultQueue {
    rules: Vec<FaultRule>,
}

impl FaultQueue {
    pub fn push(&mut self, rule: FaultRule) {
        self.rules.push(rule);
    }

    pub fn pending(&self) -> &[FaultRule] {
        &self.rules
    }

    pub fn clear(&mut self) {
        self.rules.clear();
    }

    /// The fault for this request: from the first matching rule, except that a rate rule which
    /// draws no fault leaves the request to the rules after it.
    pub fn take(&mut self, method: &str, path: &str) -> Option<Fault> {
        let mut at = 0;
        while let Some(rule) = self.rules.get_mut(at) {
            if !rule.matches(method, path) {
                at += 1;
                continue;
            }
            let (fault, used_up) = rule.plan.draw();
            if used_up {
                self.rules.remove(at);
            } else {
                at += 1;
            }
            if fault.is_some() {
                return fault;
            }
        }
        None
    }
}

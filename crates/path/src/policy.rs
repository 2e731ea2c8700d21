//! The valid_policy_tree of RFC 5280 6.1.2 (a), processed as 6.1.3 (d)-(e),
//! 6.1.4 (b) and 6.1.5 (g) describe. Policy OIDs are kept as their DER
//! content octets.
//!
//! The tree is bounded: a hostile chain can make it grow with the product of
//! its certificates' policy counts (the "policy tree explosion" of
//! CVE-2023-0464), so it refuses to exceed [`MAX_NODES`].

use cert::oids::ANY_POLICY;

/// The most nodes the tree may hold.
pub const MAX_NODES: usize = 10_000;

/// A policy OID, DER content octets.
pub type PolicyOid = Vec<u8>;

fn any() -> PolicyOid {
    ANY_POLICY.as_bytes().to_vec()
}

#[derive(Clone, Debug)]
struct Node {
    policy: PolicyOid,
    expected: Vec<PolicyOid>,
    /// Index of the parent in the level above (unused at depth 0).
    parent: usize,
    alive: bool,
}

/// The tree, level by level; `None` is RFC 5280's NULL tree.
#[derive(Clone, Debug)]
pub struct PolicyTree {
    levels: Option<Vec<Vec<Node>>>,
}

/// The tree outgrew [`MAX_NODES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLarge;

impl Default for PolicyTree {
    fn default() -> Self {
        Self::new()
    }
}

impl PolicyTree {
    /// The initial tree: one anyPolicy node at depth 0 (6.1.2 (a)).
    pub fn new() -> PolicyTree {
        PolicyTree {
            levels: Some(vec![vec![Node {
                policy: any(),
                expected: vec![any()],
                parent: 0,
                alive: true,
            }]]),
        }
    }

    /// Whether the tree is NULL.
    pub fn is_null(&self) -> bool {
        self.levels.is_none()
    }

    /// Sets the tree to NULL (6.1.3 (e)).
    pub fn clear(&mut self) {
        self.levels = None;
    }

    fn size(levels: &[Vec<Node>]) -> usize {
        levels.iter().map(Vec::len).sum()
    }

    /// 6.1.3 (d): add depth `i` for a certificate asserting `policies`;
    /// `any_allowed` is whether its anyPolicy counts (inhibit_anyPolicy > 0,
    /// or a self-issued intermediate).
    pub fn add_certificate(
        &mut self,
        policies: &[PolicyOid],
        any_allowed: bool,
    ) -> Result<(), TooLarge> {
        let Some(levels) = self.levels.as_mut() else {
            return Ok(());
        };
        let Some(parents) = levels.last() else {
            return Ok(());
        };
        let mut level: Vec<Node> = Vec::new();
        let anyp = any();
        // (d)(1): each policy other than anyPolicy.
        for p in policies.iter().filter(|p| **p != anyp) {
            let mut matched = false;
            for (pi, parent) in parents.iter().enumerate() {
                if parent.alive && parent.expected.contains(p) {
                    level.push(Node {
                        policy: p.clone(),
                        expected: vec![p.clone()],
                        parent: pi,
                        alive: true,
                    });
                    matched = true;
                }
            }
            if !matched && let Some(pi) = parents.iter().position(|n| n.alive && n.policy == anyp) {
                level.push(Node {
                    policy: p.clone(),
                    expected: vec![p.clone()],
                    parent: pi,
                    alive: true,
                });
            }
            if Self::size(levels) + level.len() > MAX_NODES {
                return Err(TooLarge);
            }
        }
        // (d)(2): anyPolicy asserted and allowed: every expected policy of
        // every parent not yet represented among its children.
        if any_allowed && policies.contains(&anyp) {
            for (pi, parent) in parents.iter().enumerate() {
                if !parent.alive {
                    continue;
                }
                for e in &parent.expected {
                    if !level.iter().any(|c| c.parent == pi && &c.policy == e) {
                        level.push(Node {
                            policy: e.clone(),
                            expected: vec![e.clone()],
                            parent: pi,
                            alive: true,
                        });
                    }
                }
                if Self::size(levels) + level.len() > MAX_NODES {
                    return Err(TooLarge);
                }
            }
        }
        levels.push(level);
        // (d)(3): prune childless nodes above.
        self.prune();
        Ok(())
    }

    /// Deletes, bottom-up, every node above the deepest level that has no
    /// live children; the tree becomes NULL when its root goes.
    fn prune(&mut self) {
        let Some(levels) = self.levels.as_mut() else {
            return;
        };
        for d in (0..levels.len().saturating_sub(1)).rev() {
            let (upper, lower) = levels.split_at_mut(d + 1);
            let mut has_child = vec![false; upper[d].len()];
            for c in lower[0].iter().filter(|c| c.alive) {
                if let Some(h) = has_child.get_mut(c.parent) {
                    *h = true;
                }
            }
            for (n, h) in upper[d].iter_mut().zip(has_child) {
                if !h {
                    n.alive = false;
                }
            }
        }
        if !levels.first().is_some_and(|l| l.iter().any(|n| n.alive)) {
            self.levels = None;
        }
    }

    /// 6.1.4 (b): apply policyMappings at the deepest level. `mapping_allowed`
    /// is policy_mapping > 0.
    pub fn apply_mappings(
        &mut self,
        mappings: &[(PolicyOid, PolicyOid)],
        mapping_allowed: bool,
    ) -> Result<(), TooLarge> {
        let Some(levels) = self.levels.as_mut() else {
            return Ok(());
        };
        let depth = levels.len() - 1;
        let mut issuer_policies: Vec<&PolicyOid> = Vec::new();
        for (i, _) in mappings {
            if !issuer_policies.contains(&i) {
                issuer_policies.push(i);
            }
        }
        let anyp = any();
        if mapping_allowed {
            let mut added: Vec<Node> = Vec::new();
            for idp in issuer_policies {
                let mapped: Vec<PolicyOid> = mappings
                    .iter()
                    .filter(|(i, _)| i == idp)
                    .map(|(_, s)| s.clone())
                    .collect();
                let level = &mut levels[depth];
                let mut found = false;
                for n in level.iter_mut().filter(|n| n.alive && &n.policy == idp) {
                    n.expected = mapped.clone();
                    found = true;
                }
                if !found && let Some(anyn) = level.iter().find(|n| n.alive && n.policy == anyp) {
                    added.push(Node {
                        policy: idp.clone(),
                        expected: mapped,
                        parent: anyn.parent,
                        alive: true,
                    });
                }
            }
            if Self::size(levels) + added.len() > MAX_NODES {
                return Err(TooLarge);
            }
            levels[depth].extend(added);
        } else {
            for n in levels[depth].iter_mut() {
                if issuer_policies.contains(&&n.policy) {
                    n.alive = false;
                }
            }
            self.prune();
        }
        Ok(())
    }

    /// 6.1.5 (g): the intersection with the user-initial-policy-set
    /// (`None` is {anyPolicy}); [`PolicyTree::leaf_policies`] then gives
    /// what is left for the report.
    pub fn intersect(&mut self, initial: Option<&[PolicyOid]>) {
        let Some(initial) = initial else {
            return;
        };
        let anyp = any();
        if initial.contains(&anyp) {
            return;
        }
        let Some(levels) = self.levels.as_mut() else {
            return;
        };
        let n = levels.len() - 1;
        // (g)(iii)(1)-(2): nodes whose parent is anyPolicy and whose policy
        // is neither in the initial set nor anyPolicy are deleted (with
        // their subtrees, which pruning from below handles by deleting
        // orphans top-down).
        let mut set_policies: Vec<PolicyOid> = Vec::new();
        for d in 1..levels.len() {
            let (upper, lower) = levels.split_at_mut(d);
            let parents = &upper[d - 1];
            for node in lower[0].iter_mut().filter(|x| x.alive) {
                let parent = &parents[node.parent];
                if !parent.alive {
                    node.alive = false;
                    continue;
                }
                if parent.policy == anyp {
                    if node.policy != anyp && !initial.contains(&node.policy) {
                        node.alive = false;
                    } else {
                        set_policies.push(node.policy.clone());
                    }
                }
            }
        }
        // (g)(iii)(3): an anyPolicy leaf stands for each initial policy not
        // yet in the valid_policy_node_set.
        let any_leaf = levels[n].iter().position(|x| x.alive && x.policy == anyp);
        if let Some(ai) = any_leaf {
            let parent = levels[n][ai].parent;
            for p in initial {
                if !set_policies.contains(p) {
                    levels[n].push(Node {
                        policy: p.clone(),
                        expected: vec![p.clone()],
                        parent,
                        alive: true,
                    });
                }
            }
            levels[n][ai].alive = false;
        }
        // (g)(iii)(4): prune.
        self.prune();
    }

    /// The policies of the live nodes at the deepest level.
    pub fn leaf_policies(&self) -> Vec<PolicyOid> {
        match &self.levels {
            Some(levels) => levels
                .last()
                .map(|l| {
                    l.iter()
                        .filter(|n| n.alive)
                        .map(|n| n.policy.clone())
                        .collect()
                })
                .unwrap_or_default(),
            None => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(n: u8) -> PolicyOid {
        vec![0x60, 0x86, 0x48, 0x01, n]
    }

    #[test]
    fn same_policy_throughout_survives() {
        let mut t = PolicyTree::new();
        t.add_certificate(&[p(1)], true).unwrap();
        t.add_certificate(&[p(1)], true).unwrap();
        assert!(!t.is_null());
        t.intersect(Some(&[p(1)]));
        assert_eq!(t.leaf_policies(), vec![p(1)]);
    }

    #[test]
    fn disjoint_policies_empty_the_tree() {
        let mut t = PolicyTree::new();
        t.add_certificate(&[p(1)], true).unwrap();
        t.add_certificate(&[p(2)], true).unwrap();
        assert!(t.is_null());
    }

    #[test]
    fn any_policy_expands_to_the_expected_set() {
        let mut t = PolicyTree::new();
        t.add_certificate(&[p(1), p(2)], true).unwrap();
        t.add_certificate(&[any()], true).unwrap();
        let mut got = t.leaf_policies();
        got.sort();
        assert_eq!(got, vec![p(1), p(2)]);
        // Inhibited anyPolicy adds nothing.
        let mut t = PolicyTree::new();
        t.add_certificate(&[p(1)], true).unwrap();
        t.add_certificate(&[any()], false).unwrap();
        assert!(t.is_null());
    }

    #[test]
    fn mapping_rewrites_the_expected_set() {
        let mut t = PolicyTree::new();
        t.add_certificate(&[p(1)], true).unwrap();
        t.apply_mappings(&[(p(1), p(2))], true).unwrap();
        t.add_certificate(&[p(2)], true).unwrap();
        assert!(!t.is_null());
        // With mapping inhibited the mapped node is deleted.
        let mut t = PolicyTree::new();
        t.add_certificate(&[p(1)], true).unwrap();
        t.apply_mappings(&[(p(1), p(2))], false).unwrap();
        assert!(t.is_null());
    }

    #[test]
    fn intersection_with_the_user_set() {
        let mut t = PolicyTree::new();
        t.add_certificate(&[any()], true).unwrap();
        t.add_certificate(&[any()], true).unwrap();
        t.intersect(Some(&[p(3)]));
        assert_eq!(t.leaf_policies(), vec![p(3)]);
        let mut t = PolicyTree::new();
        t.add_certificate(&[p(1)], true).unwrap();
        t.intersect(Some(&[p(3)]));
        assert!(t.is_null());
    }
}

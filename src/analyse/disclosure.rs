//! Disclosure control: which numbers may be published. Every statistic of a group, cell,
//! year or pool goes through `shows`, and every total through `kept_in_total`.

/// The smallest group shown, unless a run sets its own.
pub const DEFAULT_MIN_GROUP: usize = 5;

#[derive(Debug, Clone, Copy)]
pub struct Disclosure {
    pub min_group: usize,
}

impl Disclosure {
    pub fn new(min_group: usize) -> Disclosure {
        Disclosure { min_group }
    }

    /// Whether numbers from `n` respondents (or answers) may be shown. Nothing is shown of
    /// nobody, so `min_group` 0 and 1 both show every non-empty group.
    pub fn shows(&self, n: usize) -> bool {
        n >= self.min_group.max(1)
    }

    /// Which groups (by size) a total may hold. Hidden groups are left in when together they
    /// reach the minimum: then the total minus the shown groups reveals only their pool. When
    /// together they are still too few, the total holds the shown groups only.
    pub fn kept_in_total(&self, sizes: &[usize]) -> Vec<bool> {
        let hidden: usize = sizes.iter().filter(|&&n| n > 0 && !self.shows(n)).sum();
        let restricted = hidden > 0 && !self.shows(hidden);
        sizes
            .iter()
            .map(|&n| !restricted || self.shows(n))
            .collect()
    }
}

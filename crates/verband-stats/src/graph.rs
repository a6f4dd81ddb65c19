//! Measures of the organisation network: who works with whom, how intensely, and how much the
//! network hangs on a few organisations (Provan & Kenis's centralised versus shared governance).
//!
//! The graph is a petgraph `UnGraph` and betweenness is rustworkx-core's Brandes implementation,
//! so nothing here is a hand-written graph algorithm; the definitions follow networkx, against
//! which `tests/graph.rs` checks every value (the fixture script sits beside its fixture).

use rustworkx_core::centrality::betweenness_centrality;
use rustworkx_core::petgraph::graph::{NodeIndex, UnGraph};

/// An undirected tie between two organisations (node indices), with its weight
/// (the mean collaboration intensity on the pair, 0..=max_weight).
///
/// A tie of weight 0 still exists: it counts for degree, density and betweenness, not for
/// strength or weighted density.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tie {
    pub a: usize,
    pub b: usize,
    pub weight: f64,
}

/// Whole-network measures and the measures of each organisation.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GraphMeasures {
    pub nodes: usize,
    pub tie_count: usize,
    /// ties / (n(n-1)/2); 0 when n < 2, as `networkx.density`.
    pub density: f64,
    /// sum of weights / (max_weight * n(n-1)/2): density that also counts how intense the ties
    /// are, 1 only when every pair works together at the top of the scale; 0 when n < 2.
    pub weighted_density: f64,
    /// Freeman degree centralisation: sum(max_deg - deg_i) / ((n-1)(n-2)), 1 for a star and 0
    /// when every organisation has as many ties; None when n < 3 (the denominator is 0).
    pub centralisation: Option<f64>,
    /// In node index order.
    pub per_node: Vec<NodeMeasures>,
}

/// One organisation's position in the network.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NodeMeasures {
    pub degree: usize,
    /// Weighted degree: sum of the weights of its ties.
    pub strength: f64,
    /// degree / (n-1), as `networkx.degree_centrality` (which gives 1 to the single node of a
    /// one-node graph; so does this).
    pub degree_centrality: f64,
    /// Normalised betweenness on the binary tie graph, as
    /// `networkx.betweenness_centrality(G, normalized=True)` (undirected: the share of the
    /// (n-1)(n-2)/2 pairs of other organisations whose shortest paths run through this one,
    /// split over equally short paths); 0 when n < 3. Weights are left out on purpose: an
    /// intense tie is not a shorter path.
    pub betweenness: f64,
}

/// The measures of a network of `n` organisations (indices `0..n`; isolates allowed).
///
/// Preconditions (caller bugs, checked in debug builds): every tie joins two different nodes
/// below `n` (out-of-range indices panic), no pair appears twice in either order, weights lie in
/// `0..=max_weight`, and `max_weight` is positive and finite.
pub fn graph_measures(n: usize, ties: &[Tie], max_weight: f64) -> GraphMeasures {
    debug_assert!(
        max_weight.is_finite() && max_weight > 0.0,
        "max_weight {max_weight}"
    );
    let mut g = UnGraph::<(), f64>::with_capacity(n, ties.len());
    for _ in 0..n {
        g.add_node(());
    }
    for t in ties {
        let (a, b) = (NodeIndex::new(t.a), NodeIndex::new(t.b));
        debug_assert!(t.a != t.b, "self-tie on node {}", t.a);
        debug_assert!(g.find_edge(a, b).is_none(), "tie {}–{} twice", t.a, t.b);
        debug_assert!(
            (0.0..=max_weight).contains(&t.weight),
            "tie {}–{} weight {} outside 0..={max_weight}",
            t.a,
            t.b,
            t.weight
        );
        g.add_edge(a, b, t.weight);
    }

    // Single-threaded (threshold above any n): parallel accumulation would add in a varying
    // order and make the last digits differ between runs; survey networks are small anyway.
    let betweenness = betweenness_centrality(&g, false, true, usize::MAX);
    let degree: Vec<usize> = g.node_indices().map(|i| g.edges(i).count()).collect();
    let per_node = g
        .node_indices()
        .map(|i| {
            let d = degree[i.index()];
            NodeMeasures {
                degree: d,
                strength: g.edges(i).map(|e| *e.weight()).sum(),
                degree_centrality: if n > 1 {
                    d as f64 / (n - 1) as f64
                } else {
                    1.0
                },
                betweenness: betweenness[i.index()].unwrap_or(0.0),
            }
        })
        .collect();

    let pairs = (n * n.saturating_sub(1)) as f64 / 2.0;
    let (density, weighted_density) = if n < 2 {
        (0.0, 0.0)
    } else {
        let total: f64 = ties.iter().map(|t| t.weight).sum();
        (ties.len() as f64 / pairs, total / (max_weight * pairs))
    };
    let centralisation = (n >= 3).then(|| {
        let max = degree.iter().copied().max().unwrap_or(0);
        let sum: usize = degree.iter().map(|d| max - d).sum();
        sum as f64 / ((n - 1) * (n - 2)) as f64
    });
    GraphMeasures {
        nodes: n,
        tie_count: ties.len(),
        density,
        weighted_density,
        centralisation,
        per_node,
    }
}

//! Organisation-network measures against networkx (tests/fixtures/network/make_network.py writes
//! graphs.json; see tests/fixtures/README.md), plus one case checked by hand.

use std::path::Path;

use serde_json::Value;
use verband::analyse::{GraphMeasures, Tie, graph_measures};

const TOL: f64 = 1e-12;

fn close(what: &str, got: f64, want: f64) {
    assert!(
        (got - want).abs() <= TOL,
        "{what}: got {got}, networkx {want} (diff {:e})",
        (got - want).abs()
    );
}

fn fixture() -> Value {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/network/graphs.json");
    let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    serde_json::from_str(&text).expect("graphs.json is JSON")
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .expect("an array")
        .iter()
        .map(|x| x.as_f64().expect("a number"))
        .collect()
}

fn check(g: &Value) {
    let name = g["name"].as_str().unwrap();
    let n = g["n"].as_u64().unwrap() as usize;
    let ties: Vec<Tie> = g["ties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| Tie {
            a: t[0].as_u64().unwrap() as usize,
            b: t[1].as_u64().unwrap() as usize,
            weight: t[2].as_f64().unwrap(),
        })
        .collect();
    let m = graph_measures(n, &ties, g["max_weight"].as_f64().unwrap());

    assert_eq!(m.nodes, n, "{name} nodes");
    assert_eq!(m.tie_count, ties.len(), "{name} ties");
    assert_eq!(m.per_node.len(), n, "{name} per_node");
    close(
        &format!("{name} density"),
        m.density,
        g["density"].as_f64().unwrap(),
    );
    close(
        &format!("{name} weighted density"),
        m.weighted_density,
        g["weighted_density"].as_f64().unwrap(),
    );
    match g["centralisation"].as_f64() {
        Some(c) => close(
            &format!("{name} centralisation"),
            m.centralisation.unwrap(),
            c,
        ),
        None => assert_eq!(m.centralisation, None, "{name} centralisation"),
    }
    let degree: Vec<u64> = g["degree"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_u64().unwrap())
        .collect();
    let (strength, dc, bc) = (
        floats(&g["strength"]),
        floats(&g["degree_centrality"]),
        floats(&g["betweenness"]),
    );
    for (i, node) in m.per_node.iter().enumerate() {
        assert_eq!(node.degree as u64, degree[i], "{name} node {i} degree");
        close(
            &format!("{name} node {i} strength"),
            node.strength,
            strength[i],
        );
        close(
            &format!("{name} node {i} degree centrality"),
            node.degree_centrality,
            dc[i],
        );
        close(
            &format!("{name} node {i} betweenness"),
            node.betweenness,
            bc[i],
        );
    }
}

#[test]
fn every_graph_matches_networkx() {
    let f = fixture();
    let graphs = f["graphs"].as_array().expect("graphs");
    assert_eq!(graphs.len(), 4, "networkx {}", f["networkx"]);
    for g in graphs {
        check(g);
    }
}

#[test]
fn star_of_four_by_hand() {
    // Centre 0 with leaves 1, 2, 3 on a 0..4 scale.
    let tie = |b, weight| Tie { a: 0, b, weight };
    let m: GraphMeasures = graph_measures(4, &[tie(1, 4.0), tie(2, 2.0), tie(3, 0.0)], 4.0);
    // 3 ties of 4·3/2 = 6 pairs: 0.5. Weights 6 of 4·6 = 24: 0.25.
    assert_eq!(m.density, 0.5);
    assert_eq!(m.weighted_density, 0.25);
    // Degrees 3, 1, 1, 1: sum(3 - d) = 0 + 2 + 2 + 2 = 6 over (n-1)(n-2) = 6: 1, a perfect star.
    assert_eq!(m.centralisation, Some(1.0));
    let c = &m.per_node[0];
    // The centre: degree 3 of n-1 = 3 possible; strength 4 + 2 + 0 (a weight-0 tie still counts
    // for degree). Every one of the 3 leaf pairs (of (n-1)(n-2)/2 = 3) runs through it: 1.
    assert_eq!((c.degree, c.strength, c.degree_centrality), (3, 6.0, 1.0));
    assert_eq!(c.betweenness, 1.0);
    // A leaf: 1 tie of 3 possible, on no path between others.
    let leaf = &m.per_node[3];
    assert_eq!((leaf.degree, leaf.strength), (1, 0.0));
    assert_eq!(leaf.degree_centrality, 1.0 / 3.0);
    assert_eq!(leaf.betweenness, 0.0);
}

#[test]
fn too_small_for_centralisation() {
    // Two organisations and their tie: density 1, but centralisation divides by (n-1)(n-2) = 0
    // and no node can lie between two others.
    let m = graph_measures(
        2,
        &[Tie {
            a: 0,
            b: 1,
            weight: 3.0,
        }],
        5.0,
    );
    assert_eq!(
        (m.density, m.weighted_density, m.centralisation),
        (1.0, 0.6, None)
    );
    assert!(m.per_node.iter().all(|p| p.betweenness == 0.0));
    // No organisations at all: everything is zero, nothing is NaN.
    let m = graph_measures(0, &[], 5.0);
    assert_eq!(
        (m.density, m.weighted_density, m.centralisation),
        (0.0, 0.0, None)
    );
    assert!(m.per_node.is_empty());
}

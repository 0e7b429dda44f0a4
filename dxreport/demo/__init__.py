"""`dxreport demo`: the whole cycle on the embedded plan, with simulated returns and
synthetic plans for benchmarks. Nothing in the product imports this package."""

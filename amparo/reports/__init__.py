"""Reports and dashboards: what funders require, what the director needs to see."""

"""Metric tests. Hypothesis draws daily loads as recorded (0.01 au resolution) and speeds at a
device's resolution (1 mm/s): values like 1e-38 after a load of 1.0 are below the precision of
any running sum and are not training data."""

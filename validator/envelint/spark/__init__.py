"""envelint in Spark (the ``envelint[spark]`` extra): a DataFrame of exchanges checked in the
executors with the same findings as on one machine (``exchanges``, ``executor``, ``lines``), and
the job that runs it over access logs (``python -m envelint.spark``, ``job``)."""

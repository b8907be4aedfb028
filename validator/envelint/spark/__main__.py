"""``python -m envelint.spark``: the Spark job (``envelint.spark.job``)."""

from envelint.spark.job import main

if __name__ == "__main__":
    main()

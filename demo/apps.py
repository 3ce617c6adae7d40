from django.apps import AppConfig


class DemoConfig(AppConfig):
    """
    Synthetic data to show and measure the product: the demo strategy drawn from the
    customer's seed documents (seed_demo) and plans at scale for benchmarks
    (generate_scale_data).
    """

    name = "demo"

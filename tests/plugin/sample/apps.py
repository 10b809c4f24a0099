from django.apps import AppConfig


class SampleConfig(AppConfig):
    name = "apps.sample"
    label = "sample"
    verbose_name = "Sample"
    nav = [(70, "示例工作", "sample:index", ())]

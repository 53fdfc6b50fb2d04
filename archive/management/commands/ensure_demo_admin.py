from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create the demo's admin user (admin/admin) if missing; only with DJANGO_DEBUG on."

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("The demo admin is only for a local demo with DJANGO_DEBUG=1.")
        user_model = get_user_model()
        if user_model.objects.filter(username="admin").exists():
            self.stdout.write("The demo admin user exists already.")
            return
        user_model.objects.create_superuser("admin", "admin@example.org", "admin")
        self.stdout.write("Created the demo admin user: admin / admin.")

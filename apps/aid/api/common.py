from apps.core.choices import Role
from apps.core.models import User

# The user the schema's request bodies are described for: a county admin sees every field.
SCHEMA_USER = User(is_active=False, role=Role.COUNTY_ADMIN)

"""Zicht: keep sight of safety for a year after the shelter (Blijf veilig na de opvang)."""

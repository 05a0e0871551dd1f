"""Yearly training plans (研修計画), their workflow and ability ratings."""

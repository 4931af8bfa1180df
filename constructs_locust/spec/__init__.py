"""The LocustTest CR: the attrs model, v1, the CR document reader, the webhook's rules, warnings, the CRD."""

"""The cdk8s layer: the only modules that import cdk8s (and so start Node).

Each construct hands objects built by the pure builders of :mod:`constructs_locust.manifests`
to ``cdk8s.ApiObject``; ``constructs_locust`` imports this layer on first use of a construct.
"""

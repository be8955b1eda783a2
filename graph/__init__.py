"""The cooperation network: networkx graph built from partners, links and events; metrics; exports."""

package main

import (
	"github.com/heraldnews/herald/internal/config"
	"github.com/heraldnews/herald/internal/fetch"
	"github.com/heraldnews/herald/internal/metrics"
)

// metricsAccess is who may read /metrics: --metrics-networks and
// --metrics-token.
func metricsAccess(cfg config.Config) (metrics.Access, error) {
	nets, err := fetch.ParseNetworks(cfg.MetricsNetworks)
	if err != nil {
		return metrics.Access{}, usagef("--metrics-networks: %v", err)
	}
	return metrics.Access{Token: cfg.MetricsToken, Networks: nets}, nil
}

package serve

import (
	"context"
	"net/http"
	"testing"
)

// TestTheServerDropsStalledAndIdleClients: without these timeouts a
// client that opens connections and sends nothing holds them forever.
// There must be no write timeout: event streams stay open.
func TestTheServerDropsStalledAndIdleClients(t *testing.T) {
	srv := httpServer(context.Background(), http.NotFoundHandler())
	if srv.ReadHeaderTimeout <= 0 || srv.ReadTimeout <= 0 || srv.IdleTimeout <= 0 {
		t.Errorf("timeouts: header %v, read %v, idle %v; want all set", srv.ReadHeaderTimeout, srv.ReadTimeout, srv.IdleTimeout)
	}
	if srv.WriteTimeout != 0 {
		t.Errorf("write timeout %v would cut event streams", srv.WriteTimeout)
	}
}

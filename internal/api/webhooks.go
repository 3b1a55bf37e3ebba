package api

import (
	"fmt"
	"net/http"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/auth"
	"github.com/heraldnews/herald/internal/fetch"
)

// newWebhook is the body of POST /api/v1/webhooks: a URL and exactly one
// of topic, source_id and cluster_id.
type newWebhook struct {
	URL       string `json:"url"`
	Topic     string `json:"topic"`
	SourceID  int64  `json:"source_id"`
	ClusterID int64  `json:"cluster_id"`
}

// createWebhook registers a webhook for the caller and answers it with its
// signing secret, shown this once. A URL Herald will not post to (not
// http(s), or in a private network the operator did not allow) is 400.
func (s *server) createWebhook(w http.ResponseWriter, r *http.Request) error {
	var in newWebhook
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := fetch.CheckURL(in.URL, s.AllowNetworks); err != nil {
		return herald.Errorf(herald.EINVALID, "url: %s", herald.ErrorMessage(err))
	}
	secret, err := auth.NewWebhookSecret()
	if err != nil {
		return wrap("create webhook", err)
	}
	hook := &herald.Webhook{UserID: userID(r), URL: in.URL, Secret: secret, TopicSlug: in.Topic, SourceID: in.SourceID,
		ClusterID: in.ClusterID}
	if err := s.Store.CreateWebhook(r.Context(), hook); err != nil {
		return wrap("create webhook", err)
	}
	writeJSON(w, http.StatusCreated, map[string]any{"webhook": hook, "secret": secret})
	return nil
}

// listWebhooks answers the caller's webhooks; an administrator's ?all=true
// answers everyone's.
func (s *server) listWebhooks(w http.ResponseWriter, r *http.Request) error {
	owner := userID(r)
	if r.URL.Query().Get("all") == "true" {
		if err := auth.RequireAdmin(auth.UserFrom(r.Context()), "list every reader's webhooks"); err != nil {
			return err
		}
		owner = 0
	}
	hooks, err := s.Store.Webhooks(r.Context(), owner)
	if err != nil {
		return wrap("list webhooks", err)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": hooks})
	return nil
}

// ownWebhook returns webhook {id} when it is the caller's (or the caller
// is an administrator); 404 otherwise.
func (s *server) ownWebhook(r *http.Request) (*herald.Webhook, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return nil, err
	}
	hook, err := s.Store.Webhook(r.Context(), id)
	u := auth.UserFrom(r.Context())
	if err == nil && hook.UserID != u.ID && !u.IsAdmin {
		err = herald.Errorf(herald.ENOTFOUND, "you have no webhook %d", id)
	}
	if err != nil {
		return nil, wrap("webhook", err)
	}
	hook.Secret = ""
	return hook, nil
}

// maxDeliveries is how many recent deliveries a webhook's page lists.
const maxDeliveries = 50

// getWebhook answers a webhook with its recent deliveries.
func (s *server) getWebhook(w http.ResponseWriter, r *http.Request) error {
	hook, err := s.ownWebhook(r)
	if err != nil {
		return err
	}
	ds, err := s.Store.Deliveries(r.Context(), hook.ID, maxDeliveries)
	if err != nil {
		return wrap("webhook deliveries", err)
	}
	writeJSON(w, http.StatusOK, map[string]any{"webhook": hook, "deliveries": ds})
	return nil
}

// deleteWebhook deletes a webhook: nothing more is posted to it.
func (s *server) deleteWebhook(w http.ResponseWriter, r *http.Request) error {
	hook, err := s.ownWebhook(r)
	if err != nil {
		return err
	}
	if err := s.Store.DeleteWebhook(r.Context(), hook.ID); err != nil {
		return wrap(fmt.Sprintf("delete webhook %d", hook.ID), err)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

package web

// readerRoutes are the reading pages and actions: story buttons, mark all
// as read, saved stories, search, images.
func (s *server) readerRoutes() map[string]handlerFunc {
	return map[string]handlerFunc{
		"POST /stories/{id}/{action}": s.onStory,
		"POST /read-all":              s.markAllRead,
		"POST /read-all/undo":         s.undoMarkAllRead,
		"GET /saved":                  s.saved,
		"GET /search":                 s.search,
		"POST /searches":              s.followSearch,
		"POST /searches/{id}/delete":  s.unfollowSearch,
		"GET /images/{id}/{file}":     s.image,
		"GET /sources/preview":        s.previewSource,
		"GET /shortcuts":              s.shortcuts,
	}
}

// accountRoutes are the reader's settings.
func (s *server) accountRoutes() map[string]handlerFunc {
	return map[string]handlerFunc{
		"GET /settings":                         s.settings,
		"POST /settings/profile":                s.saveProfile,
		"POST /settings/reading":                s.saveReading,
		"POST /settings/password":               s.changePassword,
		"POST /settings/sessions/{hash}/revoke": s.revokeSession,
		"POST /settings/sessions/revoke-others": s.revokeOtherSessions,
		"POST /settings/tokens":                 s.createToken,
		"POST /settings/app-passwords":          s.createAppPassword,
		"POST /settings/tokens/{id}/revoke":     s.revokeToken,
		"GET /settings/export.json":             s.exportJSON,
		"GET /settings/export.opml":             s.exportFollowsOPML,
		"POST /settings/delete":                 s.deleteAccount,
	}
}

// adminRoutes are the administrator's pages and the source management that
// auth.RequireAdmin guards.
func (s *server) adminRoutes() map[string]handlerFunc {
	return map[string]handlerFunc{
		"GET /admin":                      s.admin,
		"POST /admin/users":               s.addUser,
		"POST /admin/users/{id}/{action}": s.onUser,
		"GET /admin/topics":               s.adminTopics,
		"POST /sources/{id}/settings":     s.saveSourceSettings,
		"POST /sources/{id}/pause":        s.pauseSource,
		"POST /sources/{id}/resume":       s.resumeSource,
		"GET /sources/{id}/delete":        s.confirmDeleteSource,
		"POST /sources/{id}/delete":       s.deleteSource,
		"POST /sources/folders/rename":    s.renameFolder,
	}
}

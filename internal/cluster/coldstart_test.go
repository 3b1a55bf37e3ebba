package cluster

import "testing"

// coldSubjects are stories on five different subjects told in the words
// every local news story uses (council, residents, plans, week, city,
// million, spokesperson): into an empty engine, where idf cannot yet tell
// those words from the ones that make each story what it is.
var coldSubjects = []Doc{
	{Title: "City council approves new cycle lanes for residents", Text: `The city council on Tuesday approved plans for
protected cycle lanes along the ring road, after a consultation in which most residents backed the scheme. Work will start
next month and cost 4 million crowns, a council spokesperson said. Local businesses said the plans would cut parking
for customers, but the council said the lanes would make the city safer for residents this week and for years to come.`},
	{Title: "City hospital warns residents of winter pressure on its wards", Text: `The city hospital trust warned this week that
its emergency wards could run out of beds this winter, as flu cases rose faster than last season. A trust spokesperson said
the hospital had plans to open a temporary ward and asked residents to use pharmacies for minor illness. The council said it
would spend 2 million crowns on home care so patients can leave hospital sooner.`},
	{Title: "City museum reopens to residents after a restoration of its roof", Text: `The city museum reopened to visitors on
Saturday after a two-year restoration of its Victorian glass roof, which cost 12 million crowns. A museum spokesperson said
residents had queued from early morning, and the council said the plans to restore the building had been worth the wait.
The museum will stay open late this week with free entry for children.`},
	{Title: "City bus drivers accept a council pay offer", Text: `Bus drivers in the city voted this week to accept a pay offer of
six percent over two years, ending a dispute that had threatened strikes. A union spokesperson said members had won better
rest breaks too. The bus company said the deal would cost 3 million crowns a year, and the council, which funds some routes,
said residents would see no fare rises under its plans.`},
	{Title: "City school library wins an award for reading to residents", Text: `The library of Hillcrest Primary School in the city won a
national reading award this week for a scheme in which pupils read to residents of a care home. The school spokesperson said
the plans began with one class and now involve every pupil. The council said it would give 1 million crowns to copy the
scheme in other schools.`},
}

// coldEvent is one event told by three outlets in their own words.
var coldEvent = []Doc{
	{Title: "Fire at Marlow tyre depot sends black smoke over Eastgate", Text: `A fire broke out at the Marlow tyre depot in
Eastgate on Monday night, sending thick black smoke across the district. Six fire engines attended, and residents were told to
keep windows closed. The depot's owner said nobody was inside when the blaze started.`},
	{Title: "Eastgate residents told to stay indoors as Marlow depot burns", Text: `Firefighters spent the night tackling the
blaze at the Marlow tyre depot, and the smoke drifted over Eastgate schools, which stayed closed on Tuesday. Residents were
told to stay indoors. The fire service said burning tyres were hard to put out.`},
	{Title: "Marlow tyre fire under control after sixteen hours", Text: `The fire at the Marlow tyre depot in Eastgate was under
control on Tuesday afternoon, sixteen hours after it started. The fire service said crews would stay to damp down the burning
tyres, and Eastgate schools would reopen on Wednesday once the smoke had cleared.`},
}

func TestColdStartDoesNotChainSubjects(t *testing.T) {
	run := func(cfg Config) (subjects map[int64]bool, event map[int64]bool) {
		e := New(cfg)
		subjects, event = map[int64]bool{}, map[int64]bool{}
		for i, d := range append(append([]Doc(nil), coldSubjects...), coldEvent...) {
			d.StoryID = int64(i + 1)
			r := mustAdd(t, e, d)
			if i < len(coldSubjects) {
				subjects[r.ClusterID] = true
			} else {
				event[r.ClusterID] = true
			}
		}
		for _, m := range e.Snapshot().Members { // after merges: the final clusters
			if m.StoryID <= int64(len(coldSubjects)) {
				delete(event, m.ClusterID)
			}
		}
		return subjects, event
	}
	subjects, event := run(DefaultConfig())
	if len(subjects) != len(coldSubjects) {
		t.Errorf("five stories on five subjects, arriving first, make %d clusters, want 5", len(subjects))
	}
	if len(event) != 1 {
		t.Errorf("three reports of one fire make %d clusters of their own, want 1", len(event))
	}
	// The same stories without the cold-start schedule: the words they share
	// are enough to chain them, which is what the schedule is for.
	cfg := DefaultConfig()
	cfg.ColdDocs = 0
	subjects, _ = run(cfg)
	t.Logf("without the schedule: the five subjects in %d clusters", len(subjects))
	if len(subjects) == len(coldSubjects) {
		t.Errorf("without the schedule the subjects still make %d clusters: the example no longer shows the problem", len(subjects))
	}
}

func TestColdThreshold(t *testing.T) {
	tests := []struct {
		cold, docs int
		want       float64
	}{
		{50, 50, 0.1}, {50, 500, 0.1}, {0, 3, 0.1}, {50, 0, 0.1},
		{50, 1, 0.1 * (1 + 3.2386784521643803)}, // c(1) = 1: one document gives idf no contrast at all
		{50, 3, 0.1 * (1 + 3.2386784521643803) / (1 + 0.6931471805599453)},
	}
	for _, tc := range tests {
		if got := coldThreshold(0.1, tc.cold, tc.docs); got < tc.want-1e-12 || got > tc.want+1e-12 {
			t.Errorf("coldThreshold(0.1, %d, %d) = %v, want %v", tc.cold, tc.docs, got, tc.want)
		}
	}
	for n := 1; n < 50; n++ {
		if coldThreshold(0.1, 50, n+1) > coldThreshold(0.1, 50, n) {
			t.Errorf("the threshold rises from %d to %d documents", n, n+1)
		}
	}
}

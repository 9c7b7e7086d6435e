package sandbox

import "testing"

// BenchmarkSuggestions is the time central takes to compute the
// suggestions of one file: the citizen's profile and the five rules, over
// the seeded population (one file per iteration).
func BenchmarkSuggestions(b *testing.B) {
	citizens := Citizens(2000, 1, suggestNow)
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for i := 0; b.Loop(); i++ {
		c := citizens[i%len(citizens)]
		n += len(suggest(c, profileOf(c.CF, c.BirthDate, suggestNow), suggestNow))
	}
	b.ReportMetric(float64(n)/float64(b.N), "suggestions/file")
}

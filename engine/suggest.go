package engine

import "fmt"

// didYouMean returns ` (did you mean "x"?)` naming the candidate closest to
// name, or "" when none is close enough to be a likely typo.
func didYouMean(name string, candidates []string) string {
	if best := Closest(name, candidates); best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return ""
}

// Closest returns the candidate closest to name when it is close enough to
// be a likely typo of it (a third of its letters, plus two, or fewer edits,
// a swap of neighbours counting as one), or "" when none is or name is
// itself a candidate.
func Closest(name string, candidates []string) string {
	limit := len([]rune(name))/3 + 2
	best, bestD := "", limit
	for _, c := range candidates {
		d := editDistance(name, c, limit)
		if d < bestD || (d == bestD && d < limit && c < best) {
			best, bestD = c, d
		}
	}
	if best == name {
		return ""
	}
	return best
}

// editDistance is the optimal-string-alignment distance between a and b
// (insertions, deletions, substitutions and swaps of neighbours), or limit
// when it is at least limit.
func editDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d >= limit || -d >= limit {
		return limit
	}
	rows := [3][]int{make([]int, len(rb)+1), make([]int, len(rb)+1), make([]int, len(rb)+1)}
	prev2, prev, cur := rows[0], rows[1], rows[2]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin >= limit {
			return limit
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(rb)], limit)
}

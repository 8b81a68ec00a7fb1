package main

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/ttx-dev/ttx/engine"
	"github.com/ttx-dev/ttx/engine/jsondoc"
	"github.com/ttx-dev/ttx/engine/store"
)

func nowUTC() time.Time { return time.Now().UTC() }

func (a *app) resultsCmd() *cobra.Command {
	var (
		f      store.Filter
		asJSON bool
		best   bool
	)
	cmd := &cobra.Command{
		Use:   "results [--scenario ID] [--team T] [--best] [--json]",
		Short: "List recorded drills, newest first, or the leaderboard of a scenario",
		Long: `List recorded drills, newest first, each with the score it was given when it
ended; --team matches the team's name whatever its case. With --best, the
leaderboard of a scenario: each team's best run.`,
		Args: exactArgs(0, "no arguments (or the subcommands export and import)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := a.openReader()
			if err != nil {
				return err
			}
			defer s.Close()
			var runs []store.Run
			if best {
				if f.Scenario == "" {
					return userErr("--best ranks the runs of one scenario; give --scenario ID")
				}
				runs, err = s.Leaderboard(f.Scenario, f.Limit)
			} else {
				runs, err = s.List(f)
			}
			if err != nil {
				return userErr("%v", err)
			}
			if asJSON {
				return jsondoc.Write(a.stdout, runsDoc(jsondoc.FormatResults, runs))
			}
			if len(runs) == 0 {
				a.noRuns(f)
				return nil
			}
			writeRuns(a.stdout, runs)
			return nil
		},
	}
	cmd.Flags().StringVar(&f.Scenario, "scenario", "", "only the runs of scenario `ID`")
	cmd.Flags().StringVar(&f.Team, "team", "", "only the runs of team `T` (whatever its case)")
	cmd.Flags().IntVar(&f.Limit, "limit", 0, "at most `N` runs (0: all)")
	cmd.Flags().BoolVar(&best, "best", false, "the leaderboard: each team's best run of --scenario")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the runs as JSON")
	cmd.AddCommand(a.exportCmd(), a.importCmd())
	return cmd
}

// noRuns says that no run was listed, and why.
func (a *app) noRuns(f store.Filter) {
	if f.IsZero() {
		fmt.Fprintln(a.stdout, "no recorded drills yet: play one with ttx, or ttx run SCENARIO --team NAME --choose ...")
		return
	}
	var by []string
	if f.Scenario != "" {
		by = append(by, "--scenario "+clean(f.Scenario))
	}
	if f.Team != "" {
		by = append(by, "--team "+clean(f.Team))
	}
	fmt.Fprintf(a.stdout, "no finished run matches %s; ttx results lists them all\n", strings.Join(by, " "))
}

// runsList is a document listing runs: ttx results and ttx resume.
type runsList struct {
	jsondoc.Header
	Runs []jsondoc.Run `json:"runs"`
}

func runsDoc(format string, runs []store.Run) runsList {
	doc := runsList{Header: jsondoc.HeaderOf(format), Runs: make([]jsondoc.Run, len(runs))}
	for i := range runs {
		doc.Runs[i] = runs[i].Doc()
	}
	return doc
}

// principleOrder is the order of the seven principles in tables.
var principleOrder = []string{"prepare", "contain", "notify", "own", "remedy", "update", "improve"}

// writeRuns prints runs as a table, with the score stored for each.
func writeRuns(w io.Writer, runs []store.Run) {
	// Columns are padded by hand: tabwriter is slow over ten thousand rows.
	head := append([]string{"RUN", "DATE", "TEAM", "SCENARIO", "VERSION", "ENDING", "TOTAL", "RATING"}, principleOrder...)
	for i := 8; i < len(head); i++ {
		head[i] = strings.ToUpper(head[i])
	}
	rows := make([][]string, 0, len(runs)+1)
	rows = append(rows, head)
	planned, estimated := false, false
	for _, r := range runs {
		ending := clean(r.Ending)
		switch {
		case !r.Finished:
			ending = "(unfinished)"
		case ending == "":
			ending = "(none)"
		}
		total, rating := "-", "-"
		if r.Finished {
			rt, _ := r.Overall()
			rating = rt.Code
			total = strconv.FormatFloat(r.Total, 'f', 0, 64) + "%"
			if r.BoundsEstimated {
				total = "~" + total
				estimated = true
			}
		}
		row := []string{strconv.FormatInt(r.ID, 10), r.Started.Local().Format("2006-01-02 15:04"), orDash(clean(r.Team)),
			clean(r.Record.Scenario), orDash(clean(r.Record.Version)), ending, total, rating}
		for _, p := range principleOrder {
			cell := "-"
			for _, s := range r.Scores {
				if s.Principle == p && s.Scored {
					cell = strconv.FormatFloat(s.Percent, 'f', 0, 64) + "%"
					if s.Plan != nil {
						cell += "*"
						planned = true
					}
				}
			}
			row = append(row, cell)
		}
		rows = append(rows, row)
	}
	widths := make([]int, len(head))
	for _, row := range rows {
		for i, c := range row {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	for _, row := range rows {
		for i, c := range row {
			bw.WriteString(c)
			if i < len(row)-1 {
				bw.WriteString(strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c)+2))
			}
		}
		bw.WriteByte('\n')
	}
	if planned {
		bw.WriteString("\n* counts the response plan in the risk register, credited where the team followed it, as scored when the drill ended\n")
	}
	if estimated {
		bw.WriteString("\n~ scored against estimated bounds: the scenario was too large to explore in full when the drill ended (ttx report RUN says why)\n")
	}
	bw.Flush()
}

// getRun fetches a stored run by its id argument.
func (a *app) getRun(s store.Store, arg, lister string) (*store.Run, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(arg, "#"), 10, 64)
	if err != nil {
		return nil, userErr("%q is not a run id; %s lists them", engine.Sanitize(arg), lister)
	}
	r, err := s.Get(id)
	if err != nil {
		return nil, userErr("%v", err)
	}
	return r, nil
}

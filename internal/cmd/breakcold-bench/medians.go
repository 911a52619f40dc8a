package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
)

// medians is the -medians mode: it reads `go test -bench -count N` output and
// prints, for each benchmark, the median of every metric over its runs, so a
// noisy machine's figures can be read without another tool.
func medians(file string, stdout io.Writer) error {
	var r io.Reader = os.Stdin
	if file != "-" {
		f, err := os.Open(file)
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
	}
	type metric struct {
		unit   string
		values []float64
	}
	var order []string
	byName := map[string][]*metric{}
	runs := map[string]int{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		if _, err := strconv.Atoi(f[1]); err != nil {
			continue // a log line that starts with a benchmark's name
		}
		name := f[0]
		if _, seen := byName[name]; !seen {
			order = append(order, name)
		}
		runs[name]++
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			ms := byName[name]
			j := slices.IndexFunc(ms, func(m *metric) bool { return m.unit == f[i+1] })
			if j < 0 {
				byName[name] = append(ms, &metric{unit: f[i+1]})
				j = len(byName[name]) - 1
			}
			byName[name][j].values = append(byName[name][j].values, v)
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if len(order) == 0 {
		return fmt.Errorf("%s: no benchmark results", file)
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "benchmark (median of runs)\truns\t\n")
	for _, name := range order {
		fmt.Fprintf(tw, "%s\t%d\t", name, runs[name])
		for _, m := range byName[name] {
			fmt.Fprintf(tw, "%s %s\t", formatMedian(medianOf(m.values, func(v float64) float64 { return v })), m.unit)
		}
		fmt.Fprintln(tw)
	}
	return tw.Flush()
}

func formatMedian(v float64) string {
	switch {
	case v >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

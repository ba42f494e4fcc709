package schema

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// Query cost. graphql-go keeps its query AST in internal packages, so the
// handler parses and validates each query a second time with
// github.com/vektah/gqlparser/v2 against the same SDL, which gives every
// field its definition and so the schema's argument defaults (first: Int =
// 20), before graphql-go executes anything.
//
// Every field costs the number of times it will be resolved: 1 at the top,
// multiplied through nesting by each enclosing field's list size, which is
// its first argument (given, from a variable or the schema's default) or,
// for paths, first times maxHops. Fields without first count as single
// values: their lists are bounded by the data (aliases) or by a parent's
// first (connection edges).

// DefaultMaxCost is the query cost limit when Options.MaxCost is 0.
const DefaultMaxCost = 20000

// ErrTooComplex reports a query whose cost exceeds the limit.
var ErrTooComplex = errors.New("schema: query too complex")

type coster struct {
	schema *ast.Schema
}

func newCoster(sdl string) (*coster, error) {
	s, err := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphql", Input: sdl})
	if err != nil {
		return nil, fmt.Errorf("schema: loading SDL for the cost limit: %w", err)
	}
	return &coster{schema: s}, nil
}

// cost returns the cost of the operation; ok is false when the query does
// not parse or validate (graphql-go then reports why).
func (c *coster) cost(query, operation string, vars map[string]any) (cost float64, ok bool) {
	doc, errs := gqlparser.LoadQuery(c.schema, query)
	if len(errs) > 0 || doc == nil {
		return 0, false
	}
	var op *ast.OperationDefinition
	if operation != "" {
		op = doc.Operations.ForName(operation)
	} else if len(doc.Operations) == 1 {
		op = doc.Operations[0]
	}
	if op == nil {
		return 0, false
	}
	all := map[string]any{}
	for _, v := range op.VariableDefinitions {
		if v.DefaultValue != nil {
			if d, err := v.DefaultValue.Value(nil); err == nil {
				all[v.Variable] = d
			}
		}
	}
	for k, v := range vars {
		all[k] = v
	}
	return selectionCost(op.SelectionSet, 1, all, 0), true
}

func selectionCost(set ast.SelectionSet, mult float64, vars map[string]any, depth int) float64 {
	if depth > 64 { // fragment cycles are invalid; this is a backstop
		return math.Inf(1)
	}
	total := 0.0
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			total += mult
			if len(s.SelectionSet) > 0 {
				total += selectionCost(s.SelectionSet, mult*listSize(s, vars), vars, depth+1)
			}
		case *ast.InlineFragment:
			total += selectionCost(s.SelectionSet, mult, vars, depth+1)
		case *ast.FragmentSpread:
			if s.Definition != nil {
				total += selectionCost(s.Definition.SelectionSet, mult, vars, depth+1)
			}
		}
	}
	return total
}

// listSize is how many items a field returns at most, as far as its
// arguments say.
func listSize(f *ast.Field, vars map[string]any) float64 {
	n := intArg(f, "first", vars)
	if n < 0 {
		return 1
	}
	if f.Name == "paths" {
		if h := intArg(f, "maxHops", vars); h > 0 {
			return float64(max(n, 1) * (h + 1))
		}
	}
	return float64(max(n, 1))
}

// intArg returns an Int argument's value (given, variable or default), -1
// when the field has no such argument.
func intArg(f *ast.Field, name string, vars map[string]any) int {
	var v any
	if a := f.Arguments.ForName(name); a != nil {
		v, _ = a.Value.Value(vars)
	} else if f.Definition != nil {
		d := f.Definition.Arguments.ForName(name)
		if d == nil {
			return -1
		}
		if d.DefaultValue != nil {
			v, _ = d.DefaultValue.Value(nil)
		}
	} else {
		return -1
	}
	switch x := v.(type) {
	case int64:
		return int(x)
	case int:
		return x
	case float64:
		return int(x)
	case json.Number:
		n, _ := x.Int64()
		return int(n)
	}
	return 1
}

package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"
)

// interspersed returns the command's positional arguments after setting the flags that
// follow them: urfave/cli stops reading flags at the first argument, and users write
// `provcheck check URL --format json` as often as the other way round.
func interspersed(c *cli.Context) ([]string, error) {
	var args []string
	rest := c.Args().Slice()
	for i := 0; i < len(rest); i++ {
		a := rest[i]
		if a == "--" {
			return append(args, rest[i+1:]...), nil
		}
		if len(a) < 2 || a[0] != '-' {
			args = append(args, a)
			continue
		}
		name, value, ok := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if f := flagNamed(c, name); f != nil {
			name = f.Names()[0] // an alias set after parsing would not reach its flag
			if _, isBool := f.(*cli.BoolFlag); isBool && !ok {
				value, ok = "true", true
			}
		}
		if !ok {
			if i+1 == len(rest) {
				return nil, usageError{fmt.Sprintf("flag needs an argument: %s", a)}
			}
			i++
			value = rest[i]
		}
		if err := c.Set(name, value); err != nil {
			return nil, usageError{fmt.Sprintf("flag %s: %v", a, err)}
		}
	}
	return args, nil
}

// flagNamed returns the command's flag that name names, or nil.
func flagNamed(c *cli.Context, name string) cli.Flag {
	for _, f := range c.Command.Flags {
		if slices.Contains(f.Names(), name) {
			return f
		}
	}
	return nil
}

package tags

// tags lists the supported tags of a resolved target, best first: for
// CPython, packaging's cpython_tags then compatible_tags; for any other
// interpreter, generic_tags then compatible_tags (the composition of
// packaging's sys_tags).
func (r *resolved) tags() []Tag {
	ver := itoa(r.major) + itoa(r.minor)
	interp := r.short + ver
	var out []Tag
	platforms := func(interp, abi string) {
		for _, p := range r.platforms {
			out = append(out, Tag{interp, abi, p})
		}
	}
	if r.short == "cp" {
		// cpython_tags: the interpreter ABIs, the stable ABI (abi3, or
		// abi3t when free-threaded, PEP 803), none, then the stable ABI
		// of every earlier minor down to 3.2 (PEP 384); platforms inner.
		stable := ""
		if r.major > 3 || r.major == 3 && r.minor >= 2 {
			stable = "abi3"
			if r.threading {
				stable = "abi3t"
			}
		}
		for _, abi := range r.abis {
			platforms(interp, abi)
		}
		if stable != "" {
			platforms(interp, stable)
		}
		platforms(interp, "none")
		if stable != "" {
			for m := r.minor - 1; m >= 2; m-- {
				platforms("cp"+itoa(r.major)+itoa(m), stable)
			}
		}
	} else {
		// generic_tags: the ABIs, then "none" if not among them.
		hasNone := false
		for _, abi := range r.abis {
			platforms(interp, abi)
			hasNone = hasNone || abi == "none"
		}
		if !hasNone {
			platforms(interp, "none")
		}
	}
	// compatible_tags: pyXY, pyX, pyX(Y-1) ... pyX0 on each platform; the
	// interpreter's own none-any (cpXY, pp3 for PyPy, nothing for the
	// rest); the same py list on "any".
	py := make([]string, 0, r.minor+2)
	py = append(py, "py"+ver, "py"+itoa(r.major))
	for m := r.minor - 1; m >= 0; m-- {
		py = append(py, "py"+itoa(r.major)+itoa(m))
	}
	for _, v := range py {
		platforms(v, "none")
	}
	switch r.short {
	case "cp":
		out = append(out, Tag{interp, "none", "any"})
	case "pp":
		out = append(out, Tag{"pp3", "none", "any"}) // packaging writes "pp3" whatever the version
	}
	for _, v := range py {
		out = append(out, Tag{v, "none", "any"})
	}
	return out
}

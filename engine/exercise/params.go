package exercise

// What the package's parameters rule out is left out of it: a choice never
// offered to this organisation, an inject that never fires, a check never
// scored, a clock never in play. A condition is ruled out when the
// parameters alone make it false, whatever the drill does: `param.listed`
// for an organisation not listed, or `param.listed && material_called`.

// offered lists the choices of scene i that the parameters leave in play.
func (k *kit) offered(i int) []int {
	var out []int
	for j := range k.sc.Scenes[i].Choices {
		if !k.sc.RuledOut(k.sc.Scenes[i].Choices[j].When) {
			out = append(out, j)
		}
	}
	return out
}

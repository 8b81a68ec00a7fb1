package console_test

import (
	"testing"

	"github.com/ttx-dev/ttx/ui/internal/uitest"
)

func TestMain(m *testing.M) { uitest.Main(m) }

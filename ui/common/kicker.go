package common

import "github.com/ttx-dev/ttx/engine"

// Kicker is the label over an inject, by the channel it came through.
func Kicker(ch engine.Channel) string {
	switch ch {
	case engine.ChannelPress:
		return "BREAKING NEWS"
	case engine.ChannelSocial:
		return "TRENDING POST"
	case engine.ChannelEmail:
		return "NEW EMAIL"
	case engine.ChannelCall:
		return "INCOMING CALL"
	}
	return "UPDATE"
}

package lifecycle

import (
	"net/http"
	"strconv"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/flixconf/flixconf/suites/framework"
)

// The lifecycle headers go beyond the historical API: a server may announce a removal the way
// clients today expect, with Deprecation (RFC 9745), Sunset (RFC 8594) and a Link to the post.
// The specs run only when the run claims the lifecycle-headers profile.
var _ = framework.Describe("Lifecycle headers of an announced removal", []string{"1.0"}, func(f *framework.Framework) {
	It("MUST give Deprecation as @epoch, Sunset as an IMF-fixdate after it, and a deprecation Link", func() {
		// The rental history, announced in June 2012 for removal on 2012-09-15, on 2012-07-01.
		resp := f.Client.Do(framework.Request{Method: http.MethodGet, Path: "/users/" + f.Client.UserID() + "/rental_history", Auth: framework.Protected})
		Expect(resp).To(framework.HaveStatus(http.StatusOK))
		deprecation := resp.Header.Get("Deprecation")
		Expect(deprecation).To(MatchRegexp(`^@[0-9]+$`), "Deprecation (RFC 9745) is @ and an epoch")
		announced, _ := strconv.ParseInt(deprecation[1:], 10, 64)
		sunset, err := http.ParseTime(resp.Header.Get("Sunset"))
		Expect(err).NotTo(HaveOccurred(), "Sunset (RFC 8594) is an HTTP date: %q", resp.Header.Get("Sunset"))
		Expect(resp.Header.Get("Sunset")).To(Equal(sunset.UTC().Format(http.TimeFormat)), "Sunset is an IMF-fixdate")
		Expect(time.Unix(announced, 0).Before(sunset)).To(BeTrue(), "Deprecation precedes Sunset")
		Expect(sunset.Format("2006-01-02")).To(Equal("2012-09-15"))
		Expect(resp.Header.Values("Link")).To(ContainElement(MatchRegexp(`^<https?://[^>]+>;\s*rel="deprecation"`)))
	})
}, Label("area:lifecycle", "profile:lifecycle-headers", "profile:users", "day:2012-07-01", "needs:fixtures", "op:getUsersByUserIdRentalHistory"))

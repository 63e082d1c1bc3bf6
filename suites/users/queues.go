// Package users holds the conformance specs of the user resources: the user, queues,
// ratings, title states, rental history and feeds.
package users

import (
	"fmt"
	"net/http"
	"net/url"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/flixconf/flixconf/suites/framework"
)

const jaws = "http://api.netflix.com/catalog/titles/movies/60001220"

var _ = framework.Describe("POST /users/{user_id}/queues/disc", []string{"1.0"}, func(f *framework.Framework) {
	var user *framework.User
	var queuePath string
	BeforeEach(func() {
		user = f.FreshUser()
		queuePath = "/users/" + user.ID + "/queues/disc"
	})

	read := func() (etag string, items int) {
		resp := f.Client.Do(framework.Request{Method: http.MethodGet, Path: queuePath, Auth: framework.Protected, User: user})
		Expect(resp).To(framework.HaveStatus(http.StatusOK))
		Expect(resp).To(framework.Conform())
		doc, err := resp.Doc()
		Expect(err).NotTo(HaveOccurred())
		return fmt.Sprint(framework.Value(doc, "/queue/etag")), len(framework.List(doc, "/queue/queue_item"))
	}
	add := func(etag string) *framework.Response {
		return f.Client.Do(framework.Request{Method: http.MethodPost, Path: queuePath, Auth: framework.Protected, User: user,
			Query: url.Values{"title_ref": {jaws}, "etag": {etag}}})
	}

	It("refuses a stale etag with 412 and changes nothing", func() {
		etag, before := read()
		resp := add(etag + "0")
		Expect(resp).To(framework.HaveStatus(http.StatusPreconditionFailed))
		Expect(resp).To(framework.Conform())
		after, count := read()
		Expect(after).To(Equal(etag), "a refused write must not change the etag")
		Expect(count).To(Equal(before), "a refused write must not change the queue")
	})

	It("adds a title with the current etag, answering 201 with the new etag and the entry", func() {
		etag, before := read()
		resp := add(etag)
		Expect(resp).To(framework.HaveStatus(http.StatusCreated))
		Expect(resp).To(framework.Conform())
		doc, err := resp.Doc()
		Expect(err).NotTo(HaveOccurred())
		Expect(framework.Value(doc, "/status/etag")).NotTo(Equal(etag))
		Expect(framework.Value(doc, "/status/resources_created/queue_item/id")).To(MatchRegexp(`/users/[^/]+/queues/disc/available/1/60001220$`))
		after, count := read()
		Expect(after).To(Equal(framework.Value(doc, "/status/etag")))
		Expect(count).To(Equal(before + 1))
	})
}, Label("area:users", "op:postUsersByUserIdQueuesDisc"))

// What the server answers a page's callback, when it is not the page's content:
// - 401: the office server's session has ended (a working day passed, the password or role
//   changed, signed out in another tab): open the sign-in page, coming back here after,
//   instead of a page that silently stops answering. (The embedded app never answers 401.)
// - 503: the database cannot be reached: say so at the top of the page, in the words the
//   server gives (which database, that nothing was done), until a later answer comes through.
// - 413: a request too large to be read (a file far over the import limit): said the same way.
(function () {
    const BANNER = "server-unavailable";
    const original = window.fetch;
    window.fetch = async function (...args) {
        const response = await original.apply(this, args);
        const address = String(args[0] && args[0].url ? args[0].url : args[0]);
        if (!address.includes("/_dash-")) {
            return response;
        }
        if (response.status === 401) {
            const back = window.location.pathname + window.location.search;
            window.location.assign("/signin?next=" + encodeURIComponent(back));
        } else if (response.status === 503 || response.status === 413) {
            const said = await response.clone().text();
            let banner = document.getElementById(BANNER);
            if (!banner) {
                banner = document.createElement("div");
                banner.id = BANNER;
                banner.className = "alert alert-danger m-2";
                banner.setAttribute("role", "alert");
                document.body.prepend(banner);
            }
            banner.textContent = said;
        } else if (response.ok) {
            const banner = document.getElementById(BANNER);
            if (banner) {
                banner.remove();
            }
        }
        return response;
    };
})();

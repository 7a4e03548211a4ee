// The office server answers 401 to a page's callback once the session has ended (a working
// day passed, the password or role changed, signed out in another tab): open the sign-in
// page, coming back to this page after, instead of a page that silently stops answering.
// The embedded app never answers 401, so this changes nothing there.
(function () {
    const original = window.fetch;
    window.fetch = async function (...args) {
        const response = await original.apply(this, args);
        const address = String(args[0] && args[0].url ? args[0].url : args[0]);
        if (response.status === 401 && address.includes("/_dash-")) {
            const back = window.location.pathname + window.location.search;
            window.location.assign("/signin?next=" + encodeURIComponent(back));
        }
        return response;
    };
})();

package app

import (
	"context"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"runtime"

	"sportello/assets/i18n"
	"sportello/cache"
	"sportello/client"
	"sportello/model"
)

// Explain turns an error into a message for the operator, in the language
// in use: what happened and what to do. Details stay in the logs. The
// first kind that knows the error says it: this computer and the session,
// then central and the line, then what the operator entered.
func Explain(err error) string {
	if err == nil {
		return ""
	}
	for _, explain := range []func(error) string{explainLocal, explainCentral, explainInput} {
		if msg := explain(err); msg != "" {
			return msg
		}
	}
	return i18n.T("err.generic")
}

// explainLocal says the errors of this computer, its data folder and
// the session ("" for others).
func explainLocal(err error) string {
	var held *cache.HeldError
	var badConfig *BadConfigError
	var outdated *OutdatedError
	var caErr *CAFileError
	var graphics *GraphicsError
	switch {
	case errors.As(err, &outdated):
		return i18n.T("err.outdated", outdated.Current, outdated.Minimum, UpdateWhere(outdated.Update))
	case errors.As(err, &graphics):
		// Read by IT: where the fix is (a driver, Mesa beside the .exe)
		// depends on the system.
		if runtime.GOOS == "windows" {
			return i18n.T("err.no_graphics_windows", graphics.Cause)
		}
		return i18n.T("err.no_graphics", graphics.Cause)
	case errors.Is(err, ErrNotAudited) && cache.LocalFault(err) == cache.ErrDiskFull:
		return i18n.T("err.not_audited_disk_full")
	case errors.Is(err, ErrNotAudited):
		return i18n.T("err.not_audited")
	case errors.As(err, &badConfig):
		return i18n.T("err.bad_config", badConfig.Path)
	case errors.As(err, &caErr):
		return explainCAFile(caErr)
	case cache.LocalFault(err) == cache.ErrDiskFull:
		return i18n.T("err.disk_full")
	case cache.LocalFault(err) == cache.ErrReadOnly:
		return i18n.T("err.read_only")
	case cache.LocalFault(err) == cache.ErrCorrupt:
		return i18n.T("err.corrupt")
	case errors.Is(err, cache.ErrTampered):
		return i18n.T("err.tampered")
	case errors.As(err, &held):
		return i18n.T("err.held", held.Holder)
	case errors.Is(err, ErrUndoTooLate):
		return i18n.T("err.undo_too_late")
	case errors.Is(err, ErrUndoNotLast):
		return i18n.T("err.undo_not_last")
	case errors.Is(err, ErrNothingToUndo):
		return i18n.T("err.undo_nothing")
	case errors.Is(err, ErrAlreadyOpen):
		return i18n.T("err.already_open")
	case errors.Is(err, ErrFolderBusy):
		return i18n.T("err.folder_busy")
	case errors.Is(err, ErrUnsentWork):
		return i18n.T("err.unsent")
	case errors.Is(err, ErrSandboxSession):
		return i18n.T("err.sandbox_session")
	case errors.Is(err, ErrTooManyAttempts):
		return i18n.T("err.too_many_attempts")
	case errors.Is(err, ErrWrongPassword):
		return i18n.T("err.wrong_password")
	case errors.Is(err, ErrSecretTooLarge):
		return i18n.T("err.secret_too_large", MaxSecretBytes)
	case errors.Is(err, ErrNoKeyring):
		return i18n.T("err.no_keyring")
	case errors.Is(err, ErrNotLoggedIn):
		return i18n.T("err.not_logged_in")
	}
	return ""
}

// explainCentral says the errors of central and of the line to it ("" for
// others).
func explainCentral(err error) string {
	var apiErr *client.APIError
	var proxyErr *client.ProxyError
	switch {
	case errors.As(err, &proxyErr):
		return explainProxy(proxyErr)
	case errors.Is(err, client.ErrInsecure):
		return i18n.T("err.insecure")
	case errors.Is(err, client.ErrCertificate):
		return i18n.T("err.certificate")
	case errors.Is(err, client.ErrTooLarge):
		return i18n.T("err.too_large")
	case errors.Is(err, client.ErrRedirect):
		return i18n.T("err.redirect")
	case errors.Is(err, client.ErrBadAddress):
		return i18n.T("err.bad_address")
	case errors.Is(err, client.ErrInvalidCredentials):
		return i18n.T("err.invalid_credentials")
	case errors.As(err, &apiErr) && apiErr.Status == http.StatusForbidden:
		return i18n.T("err.forbidden")
	case errors.Is(err, client.ErrUnauthorized):
		return i18n.T("err.unauthorized")
	case errors.As(err, &apiErr) && apiErr.Code == "held" && heldBy(apiErr.Central) != "":
		return i18n.T("err.held", heldBy(apiErr.Central))
	case errors.Is(err, client.ErrConflict):
		return i18n.T("err.conflict")
	case errors.Is(err, client.ErrOffline), errors.Is(err, context.DeadlineExceeded):
		return i18n.T("err.offline")
	case errors.Is(err, model.ErrCFLength):
		return i18n.T("err.cf_length")
	case errors.Is(err, model.ErrCFCheck):
		return i18n.T("err.cf_check")
	case errors.Is(err, model.ErrCFCharacter):
		return i18n.T("err.cf_character")
	case errors.Is(err, client.ErrNotFound):
		return i18n.T("err.not_found")
	case errors.Is(err, client.ErrServer):
		return i18n.T("err.server")
	case errors.Is(err, client.ErrBadResponse):
		return i18n.T("err.bad_response")
	case errors.As(err, &apiErr) && apiErr.Message != "":
		// The server's own Italian message says what was wrong with the
		// request (e.g. a missing outcome).
		return i18n.T("err.rejected_because", apiErr.Message)
	case errors.As(err, &apiErr):
		return i18n.T("err.rejected")
	}
	return ""
}

// explainInput says the errors of what the operator entered or asked for
// ("" for others).
func explainInput(err error) string {
	var exitErr *exec.ExitError
	switch {
	case errors.Is(err, cache.ErrNotCached):
		return i18n.T("err.not_cached")
	case errors.Is(err, ErrPrintFolder):
		return i18n.T("err.print_folder")
	case errors.Is(err, ErrPrefetchDays):
		return i18n.T("err.prefetch_days")
	case errors.Is(err, ErrEmptyNote):
		return i18n.T("err.empty_note")
	case errors.Is(err, cache.ErrEmptyText):
		return i18n.T("err.empty_text")
	case errors.Is(err, cache.ErrNoSuchScheda):
		return i18n.T("err.no_scheda")
	case errors.Is(err, cache.ErrNoSuchSuggestion):
		return i18n.T("err.no_suggestion")
	case errors.Is(err, model.ErrAlreadyMarked):
		return i18n.T("err.already_marked")
	case errors.Is(err, model.ErrBadMark):
		return i18n.T("err.bad_mark")
	case errors.Is(err, ErrNoAgency):
		return i18n.T("err.no_agency")
	case errors.Is(err, cache.ErrSlotTaken):
		return i18n.T("err.slot_taken")
	case errors.Is(err, ErrPhoneNeeded), errors.Is(err, model.ErrPhone):
		return i18n.T("err.phone")
	case errors.Is(err, model.ErrEmail):
		return i18n.T("err.email")
	case errors.Is(err, model.ErrContact):
		return i18n.T("err.contact")
	case errors.Is(err, model.ErrName):
		return i18n.T("err.name")
	case errors.Is(err, model.ErrCFName):
		return i18n.T("err.cf_name")
	case errors.Is(err, ErrQueueEmpty):
		return i18n.T("err.queue_empty")
	case errors.Is(err, cache.ErrNoSuchTicket):
		return i18n.T("err.no_ticket")
	case errors.Is(err, model.ErrOtherDesk):
		return i18n.T("err.ticket_other_desk")
	case errors.Is(err, model.ErrNoTransferTarget):
		return i18n.T("err.transfer_target")
	case errors.Is(err, model.ErrTransition):
		return i18n.T("err.transition")
	case errors.Is(err, exec.ErrNotFound):
		// Opening a link or a file: the system has no handler (xdg-open).
		return i18n.T("err.no_opener")
	case errors.As(err, &exitErr):
		return i18n.T("err.opener_failed")
	}
	return ""
}

// UpdateWhere says where the operator gets an update: central's words, or
// the usual way (support, the Software Center).
func UpdateWhere(u Update) string {
	if u.Info != "" {
		return u.Info
	}
	return i18n.T("update.where_default")
}

// explainCAFile says why the institute's CA file cannot be used.
func explainCAFile(e *CAFileError) string {
	switch {
	case errors.Is(e.Err, os.ErrNotExist):
		return i18n.T("err.ca_file_missing", e.Path)
	case errors.Is(e.Err, errNoCertificate):
		return i18n.T("err.ca_file_garbage", e.Path)
	case errors.Is(e.Err, errSystemStore):
		return i18n.T("err.ca_file_system_store", e.Path)
	case errors.Is(e.Err, errPrivateKey):
		return i18n.T("err.ca_file_private_key", e.Path)
	}
	return i18n.T("err.ca_file_unreadable", e.Path)
}

// explainProxy says what the proxy did, naming it (never with the
// credentials its address may carry: client.ProxyError has none).
func explainProxy(e *client.ProxyError) string {
	switch {
	case e.Status == 0:
		return i18n.T("err.proxy_down", e.Proxy)
	case e.Status == http.StatusProxyAuthRequired:
		return i18n.T("err.proxy_auth", e.Proxy)
	case e.Status >= 500:
		return i18n.T("err.proxy_gateway", e.Proxy, e.Status)
	}
	return i18n.T("err.proxy_refused", e.Proxy, e.Status)
}

// heldBy is the colleague holding a scheda central answered ("" when the
// entity is not a held scheda).
func heldBy(e model.Entity) string {
	sc, _ := e.(model.Scheda)
	return sc.HolderName
}

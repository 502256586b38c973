# Crosstalk pages: English (the reference catalog; every other language has exactly these keys).

app-name = Crosstalk
home-text = Crosstalk is where your course group answers prompts with short videos. To come in, open the sign-in link your course team sent you.
skip-to-content = Skip to content
nav-label = Main
nav-course = Course home
nav-my-posts = My posts
nav-sign-out = Sign out
lang-nav-label = Language
lang-en = English
lang-fr = Français
lang-de = Deutsch
lang-es = Español
lang-it = Italiano
lang-ar = العربية

## Sign-in

signin-used-title = This link was already used
signin-used-text = Each sign-in link works once. Ask your course team for a new link.
signin-expired-title = This link has expired
signin-expired-text = Sign-in links work for a limited time. Ask your course team for a new link.
signin-unknown-title = This link does not work
signin-unknown-text = We do not know this sign-in link. Check that you copied all of it, or ask your course team for a new one.
signed-out-title = You are signed out
signed-out-text = To come back, open a new sign-in link from your course team.

## Errors

error-not-found-title = Page not found
error-signed-out-title = Please sign in
error-csrf-title = This form has expired
error-refused-title = That did not work
error-internal-title = Something went wrong
error-generic = Something went wrong. Please try again.
error-not_found = This page does not exist, or you cannot see it.
error-signed_out = Your session has ended. Open your sign-in link again.
error-csrf_failed = For your safety this request was refused. Go back, reload the page and try again.
error-internal_error = Something went wrong on our side. Please try again in a moment.
error-upload_incomplete = Your video has not finished uploading yet.
error-unknown_upload = We cannot find your uploaded video. Please send it again.
error-upload_empty = The video file is empty. Please record again.
error-upload_already_posted = This video was already sent.
error-prompt_closed = This prompt no longer accepts answers.
error-prompt_not_open = This prompt does not accept answers yet.
error-muted = A facilitator has paused your posting in this course.
error-already_flagged = You already reported this post. A facilitator will review it.
error-own_post = You cannot report your own post. You can delete it instead.
error-not_flaggable = Only published posts can be reported.
error-parent_not_visible = You can reply only to a published post.
error-reply_too_deep = Replies cannot go any deeper in this conversation.
error-invalid_body = The request was not understood. Please reload the page and try again.
error-malformed_json = The request was not understood. Please reload the page and try again.
error-invalid_reason = Please choose a reason.
error-author_only = Only the author can delete this post.
error-validation_failed = Something you entered is not valid. Please check it and try again.
error-too_many_uploads = You have too many unfinished uploads. Finish or cancel one first.
error-rate_limited = You have done this many times in a short while. Please wait a few minutes, then try again.

## Course home

course-welcome = Welcome, { $name }.
course-empty = There is nothing in this course yet.
course-answered = Answered
course-not-yet = Not answered yet

## Prompt page

prompt-opens-on = Opens on { $date }
prompt-open-until = Open until { $date }
prompt-closed-on = Closed on { $date }
prompt-seconds = Answer in { $min } to { $max } seconds.
prompt-my-answer = Your answer
prompt-not-open-yet = This prompt is not open yet.
prompt-cohort-threads = Answers from your group
prompt-no-threads = Nobody has answered yet.
pager-label = Pages
pager-first = Newest answers
pager-more = Older answers

## Thread page

thread-title = Answer by { $name }
thread-replies = { $count ->
    [0] No replies
    [one] 1 reply
   *[other] { $count } replies
}
thread-new = New

## Posts

post-deleted = Deleted post
post-you = you
post-statement = Facilitator's reason:
post-delete = Delete
video-by = Video by { $name }
video-processing = This video is being prepared.
state-processing = Processing
state-pending = Waiting for a facilitator
state-hidden = Hidden by a facilitator
state-removed = Removed by a facilitator
state-deleted = Deleted
state-rejected = Not accepted
notice-flagged = Thank you. A facilitator will look at this post.
notice-deleted = Your post was deleted.

## Reporting a post

flag-open = Report
flag-reason = Why are you reporting this post?
flag-choose = Choose a reason
flag-note = Anything else a facilitator should know (optional)
flag-send = Send report
flag-reason-offensive = Offensive
flag-reason-harassment = Harassment or bullying
flag-reason-hate = Hate
flag-reason-spam = Spam or advertising
flag-reason-off-topic = Off topic
flag-reason-privacy = Shares private information
flag-reason-self-harm = Someone may be at risk
flag-reason-other = Something else

## Why a video was not accepted (plain words for the person who recorded it)

reason-not-a-video = This file is not a video. Please record or choose a video file.
reason-unsupported-container = This video format is not supported. Please record with your phone's camera or this page.
reason-no-video-stream = This file has sound but no picture. Please record a video.
reason-too-short = This video is shorter than the prompt asks for. Please record a longer answer.
reason-too-long = This video is longer than the prompt allows. Please record a shorter answer.
reason-too-large = This video's picture is too large. Please record at a normal phone resolution.
reason-too-small = This video's picture is too small to watch. Please record again.
reason-corrupt = This video file is damaged. Please upload it again or record a new one.
reason-timeout = This video took too long to prepare. Please try a shorter recording.
reason-internal-error = Something went wrong on our side while preparing this video. We are looking into it.

## My posts

my-posts-title = My posts
my-posts-empty = You have not posted anything yet.
my-posts-open-thread = Open the conversation

## Recorder

rec-heading-answer = Record your answer
rec-heading-reply = Reply with a video
rec-needs-js = Recording and sending a video needs JavaScript. Please turn it on, or use another browser.
rec-record = Record
rec-stop = Stop
rec-retake = Retake
rec-send = Send
rec-cancel = Cancel
rec-preview = Preview
rec-switch-camera = Switch camera
rec-camera-front = Front camera
rec-camera-back = Back camera
rec-hide-self-view = Hide self-view
rec-show-self-view = Show self-view
rec-self-view-hidden = Self-view hidden. You are still being recorded.
rec-recording = Recording
rec-time-elapsed = Time recorded
rec-time-limit = Limit: { $max } seconds
rec-starting-camera = Starting the camera…
rec-uploading = Uploading…
rec-upload-paused = Upload paused. It will continue when you are back online.
rec-resuming = Resuming your upload…
rec-processing = Processing…
rec-ready = Your video is ready
rec-view-post = See your post
rec-rejected = Your video was not accepted
rec-failed = Something went wrong on our side
rec-retry = Try again
rec-record-again = Record again
rec-pick-file = Choose a video file
rec-or-pick-file = Or choose a video file
rec-no-camera = No camera is available. You can choose a video file instead.
rec-permission-denied = The camera is blocked. Allow it in your browser settings, or choose a video file.
rec-not-supported = This browser cannot record video. You can choose a video file instead.
rec-offline = You are offline. Your upload will continue when you are back online.
rec-online = You are back online.
rec-too-short = Record at least { $min } seconds.
rec-too-long = This video is longer than { $max } seconds.
rec-max-reached = You reached the { $max } second limit. Recording stopped.
rec-error = Something went wrong. Please try again.
rec-text-label = A few words with your video (optional)
rec-sent = Sent
rec-progress = Progress
# console (facilitator console pages; keep every key in all six languages)
nav-console = Console
nav-console-queue = Moderation queue
notice-decided = Decision saved.
notice-nudged = Nudges sent.
notice-muted = The learner is muted.
notice-unmuted = The learner can post again.
console-overview-title = Facilitator console
console-queue-waiting =
    { $count ->
        [one] 1 post waiting in the queue
       *[other] { $count } posts waiting in the queue
    }
console-queue-waiting-many = More than { $count } posts waiting in the queue
console-no-cohorts = You do not facilitate any cohort of this course.
console-cohort-pages = Pages of your cohorts
console-cohorts-shown = Cohorts { $from }–{ $to } of { $total }
console-prompts-caption = Answers and replies per prompt
console-col-prompt = Prompt
console-col-answered = Answered
console-col-not-answered = Not answered yet
console-col-not-replied = Not replied yet
console-col-lonely = Answers without a reply
console-lonely-link = answer { $n }
console-learners-caption = Learners and their last activity
console-col-learner = Learner
console-col-posts = Answers
console-col-replies = Replies
console-col-last-activity = Last activity
console-idle = Nothing yet
console-never = Never
console-queue-title = Moderation queue
console-back-overview = Back to the overview
console-keys-hint = Press ? for keyboard shortcuts.
console-filter-cohort = Cohort
console-filter-prompt = Prompt
console-filter-reason = Flag reason
console-filter-all = All
console-filter-apply = Filter
console-queue-empty = Nothing waits for a decision.
console-item-heading = { $author } on “{ $prompt }”
console-open-thread = Open the thread
console-in-reply-to = In reply to { $author }:
console-flags = Flags
console-flag-count = { $reason }: { $count }
console-history = Author’s history: { $removals } removed posts, { $mutes } mutes
console-muted-now = Muted
console-reason = Reason
console-statement = Statement of reasons (the author sees it)
console-next-page = Next page
console-keys-title = Keyboard shortcuts
console-key-next-prev = Next / previous post
console-key-reason = Pick a reason
console-key-help = Show this help
console-close = Close
console-action-approve = Approve
console-action-hide = Hide
console-action-remove = Remove
console-action-restore = Restore
console-state-processing = Processing
console-state-pending = Waiting for approval
console-state-visible = Published, flagged
console-state-hidden = Hidden
console-state-removed = Removed
console-state-deleted = Deleted by the author
console-state-rejected = Not accepted
console-statement-offensive = Your post was found offensive to other participants.
console-statement-harassment = Your post targets another participant; harassment is not allowed.
console-statement-hate = Your post contains hateful content, which is not allowed.
console-statement-spam = Your post looks like spam or advertising.
console-statement-off-topic = Your post does not answer the prompt.
console-statement-privacy = Your post shares private information about someone.
console-statement-self-harm = We are concerned about your post; a facilitator will contact you.
console-statement-other = A facilitator reviewed your post.
console-already-decided-title = Already decided
console-already-decided = Another facilitator was faster; your decision was not applied. ({ $detail })
console-notice-decided = Decision saved.
console-js-failed = The decision could not be sent. Try again.
console-nudges-title = Nudges
console-nudges-link = Nudge learners
console-nudge-message = Message (you can edit it before sending)
console-nudge-all = Nudge everyone who has not answered
console-nudge-one = Nudge { $name }
console-nudged-at = Nudged { $when }
console-not-nudged = Not nudged
console-nudge-none = Everyone in your cohorts has answered.
console-nudge-rule = Each learner is nudged at most once a day for a prompt.
console-nudge-sent =
    { $count ->
        [one] 1 nudge sent.
       *[other] { $count } nudges sent.
    }
console-mute = Mute
console-unmute = Unmute
console-mute-reason = Reason (kept in the audit log)
console-unmute-reason = Why may they post again? (kept in the audit log)
console-audit-title = Audit log
console-filter-actor = Who
console-filter-action = Action
console-export-csv = Export as CSV
console-col-when = When
console-col-subject = Subject
console-course-team = the course team
console-audit-empty = Nothing recorded yet.

# lti
lti-login-refused-title = This tool could not be opened
lti-login-refused-text = Your learning platform asked to open Crosstalk, but the request was not one Crosstalk can accept. Ask your course team to check the tool's settings.
lti-launch-refused-title = Sign-in from your course was refused
lti-launch-refused-text = Crosstalk could not confirm that this request came from your course platform, so you were not signed in. Go back to your course and open the activity again.
lti-cookies-blocked-title = Your browser blocked the sign-in inside the course page
lti-cookies-blocked-text = Your browser does not allow Crosstalk to keep its sign-in inside the course page. Open it in a new tab to continue.
lti-open-new-tab = Open in a new tab
lti-storage-title = Opening Crosstalk…
lti-storage-text = Checking your sign-in with your course platform. This takes a moment.
lti-continue = Continue
lti-session-blocked-title = Continue in a new tab
lti-session-blocked-text = You are signed in, but your browser does not let Crosstalk keep you signed in inside the course page. Open it in a new tab to continue.
lti-reason = Reason: { $reason }
lti-deep-link-title = Choose a prompt to add to your course
lti-deep-link-text = The prompt you choose opens directly when learners follow the link in your course.
lti-deep-link-choose = Prompt
lti-deep-link-none = This course has no prompts yet. Create modules and prompts first.
lti-deep-link-add = Add to the course
lti-deep-link-return = Return to your course platform
lti-deep-link-send = Send to your course platform
lti-deep-link-staff-only-title = Only course staff can add activities
lti-deep-link-staff-only-text = Adding Crosstalk prompts to a course is for instructors and teaching assistants.

# own data (issue 14: captions, download, erasure, chosen names; keep every key in all six languages)
captions-available = Captions:
captions-how = Turn captions on with the CC button of the video player.
notice-name-saved = Your name was saved.
form-error-summary = There is a problem
own-data-heading = Your data
own-export-text = Download everything you posted in this course: your videos, their captions and a list of your posts with the replies you received.
own-export-button = Download my videos
own-export-first = Download my videos first
own-name-link = Choose the name other learners see
own-erase-link = Delete my account in this course
erase-title = Delete your account in this course
erase-title-error = Error: Delete your account in this course
erase-intro = This deletes what you shared in { $course }.
erase-deleted-heading = What will be deleted
erase-deleted-videos = Every video you recorded or uploaded, with its captions and pictures.
erase-deleted-texts = The texts you wrote with your posts.
erase-deleted-personal = Your name, email address, country and languages.
erase-deleted-mail = Emails that were waiting to be sent to you.
erase-kept-heading = What stays
erase-kept-text = Replies from other people stay in the conversations. Your posts stay there as deleted posts, without your name, so the replies still make sense.
erase-final = This cannot be undone.
erase-confirm-label = I understand that my videos and my account in { $course } will be deleted for good.
erase-confirm-missing = Tick the box to confirm that you want to delete your account.
erase-submit = Delete my account
erase-cancel = Keep my account and go back
erase-started-title = Your account is being deleted
erase-started-intro = We are deleting your account in { $course }. This takes a few minutes. We delete:
erase-started-signed-out = You have been signed out.
name-title = The name other learners see
name-title-error = Error: The name other learners see
name-intro = In this course you can appear to other learners under a name you choose. Facilitators and the course team still see your name from the course list.
name-roster = Your name in the course list: { $name }
name-current = Other learners now see you as: { $name }
name-label = Your name for other learners
name-hint = Up to { $max } characters. Do not use someone else's name.
name-save = Save
name-remove = Use my name from the course list
error-invalid_pseudonym = Enter a name of 1 to 40 characters.
error-pseudonym_taken = Someone in this course already uses that name. Choose another one.
error-pseudonyms_off = This course does not use chosen names.
error-learners_only = Only learners can choose a name.

# dependencies down (issue 15): pages say so with 503/507, not "something went wrong"
error-unavailable-title = Please try again in a moment
error-database_unavailable = We cannot reach our database right now. Nothing you sent is lost: try again in a moment.
error-store_unavailable = We cannot reach our video storage right now. Nothing you sent is lost: try again in a moment.
error-insufficient_storage = Our server is out of space for this right now. What was already sent is kept: try again later.

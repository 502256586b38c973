# Crosstalk's emails: English. Every key starts with mail-; the pages' messages are in
# web/i18n/en/main.ftl. Names and titles ($replier, $prompt, $course...) are the members' and
# teams' own words. In selectors, [1] is the number one exactly, [one]/[other] plural categories.

## Every mail

mail-hello = Hi { $name },
mail-hello-anonymous = Hi,
mail-signature = The Crosstalk team
mail-link-fallback = If the button does not work, copy this link into your browser:
mail-unsubscribe-question = Don't want these emails?
mail-unsubscribe = Unsubscribe
# Between a label and its link in the plain-text part: "See the reply: https://..."
mail-colon = :
mail-why-learner = You get this email because you take part in a Crosstalk course.
mail-why-facilitator = You get this email because you facilitate “{ $course }”.

## Someone replied to your video

mail-reply-subject = { $replier } replied to your video
mail-reply-line = { $replier } replied to your video for “{ $prompt }”.
mail-reply-lead = { $replier } wrote:
mail-reply-action = See the reply

## Your video is ready

mail-ready-subject = Your video is ready
mail-ready-line = Your video for “{ $prompt }” is ready, and the others in your group can now watch it.
mail-ready-line-pending = Your video for “{ $prompt }” is ready. A facilitator will look at it before the others in your group can see it; we will let you know.
mail-ready-action = Watch your video

## Your video could not be used: what went wrong, then what to do

mail-rejected-subject = We couldn't use your video for “{ $prompt }”
mail-rejected-action = Upload a new video
# A length of $n $unit (seconds or minutes).
mail-duration =
    { $unit ->
        [minutes]
            { $n ->
                [1] one minute
               *[other] { $n } minutes
            }
       *[seconds]
            { $n ->
                [1] one second
               *[other] { $n } seconds
            }
    }
mail-rejected-too_short-limit = Your video is shorter than { mail-duration }, the shortest answer this prompt accepts.
mail-rejected-too_short-limit-next = Record an answer of at least { mail-duration } and upload it again.
mail-rejected-too_long-limit = Your video is longer than { mail-duration }, the longest answer this prompt accepts.
mail-rejected-too_long-limit-next = Trim it to { mail-duration } or less, or record a shorter answer, then upload it again.
mail-rejected-not_a_video = The file you sent is not a video.
mail-rejected-not_a_video-next = Record your answer again, or choose a video file such as MP4, MOV or WebM.
mail-rejected-unsupported_container = We can't read this kind of video file.
mail-rejected-unsupported_container-next = Save or export it as MP4 or WebM, then upload it again.
mail-rejected-no_video_stream = The file has sound but no picture.
mail-rejected-no_video_stream-next = Check that your camera is on and allowed in your browser, then record again.
mail-rejected-too_short = Your video is shorter than this prompt asks for.
mail-rejected-too_short-next = Record a slightly longer answer and upload it again.
mail-rejected-too_long = Your video is longer than the time allowed for this prompt.
mail-rejected-too_long-next = Trim it, or record a shorter answer that fits within the limit, then upload it again.
mail-rejected-too_large = Your video is too large: the file or its picture size is over our limit.
mail-rejected-too_large-next = Record again at a lower resolution (720p is plenty) or export a smaller file, then upload it again.
mail-rejected-too_small = The picture of your video is too small to be shown well.
mail-rejected-too_small-next = Record again with your camera set to a higher resolution.
mail-rejected-corrupt = Your video file is damaged and can't be played.
mail-rejected-corrupt-next = This often happens when a recording or an upload is interrupted. Record again, or upload the original file again.
mail-rejected-timeout = Your video took too long to process.
mail-rejected-timeout-next = A shorter or smaller video usually works. Please try again.
mail-rejected-internal_error = Something went wrong on our side while processing your video.
mail-rejected-internal_error-next = It's not your fault. Please upload it again; if it keeps happening, tell your facilitator.
mail-rejected-other = We couldn't process your video.
mail-rejected-other-next = Please record or upload it again; if it keeps happening, tell your facilitator.

## A facilitator decided on your video ($action: approve, hide, remove, restore)

mail-decided-subject =
    { $action ->
        [approve] Your video for “{ $prompt }” was approved
        [hide] Your video for “{ $prompt }” was hidden
        [remove] Your video for “{ $prompt }” was removed
        [restore] Your video for “{ $prompt }” is visible again
       *[other] A facilitator reviewed your video for “{ $prompt }”
    }
mail-decided-line =
    { $action ->
        [approve] A facilitator approved your video. The others in your group can now watch it.
        [hide] A facilitator hid your video. It is no longer shown to your group, but it has not been deleted.
        [remove] A facilitator removed your video. It is no longer shown to anyone in your group.
        [restore] A facilitator restored your video. Your group can watch it again.
       *[other] A facilitator reviewed your video.
    }
mail-decided-lead = The reasons for this decision:
mail-decided-appeal = If you think this is a mistake, get in touch with your facilitator.
mail-decided-action = See your post

## A facilitator's digest of the moderation queue

mail-digest-subject-empty = { $course }: nothing waiting for review
mail-digest-subject =
    { $course }: { $pending ->
        [one] { $pending } video
       *[other] { $pending } videos
    } to review, { $flagged } flagged
mail-digest-intro = Here is what waits in the moderation queue of “{ $course }”.
mail-digest-action = Open the queue
mail-digest-waiting = Waiting for approval: { $count }
mail-digest-flagged = Flagged by members: { $count }
mail-digest-cohort = { $cohort }: { $pending } waiting, { $flagged } flagged
# How long the oldest has waited: $unit is none (under an hour), hours or days; $n how many.
mail-digest-oldest =
    The oldest has been waiting for { $unit ->
        [none] less than an hour
        [hours]
            { $n ->
                [one] { $n } hour
               *[other] { $n } hours
            }
       *[days]
            { $n ->
                [one] { $n } day
               *[other] { $n } days
            }
    }.

## A reminder to answer a prompt

mail-nudge-subject = A reminder: “{ $prompt }” is waiting for your video
mail-nudge-default = Your group is looking forward to hearing from you. Record a short video answer to “{ $prompt }”.
mail-nudge-action = Record your answer
mail-nudge-closes = The prompt closes on { mail-date }.
# A moment in UTC: $month (1-12), $day, $year, $time (17:00).
mail-date = { mail-month } { $day }, { $year } at { $time } UTC
mail-month =
    { $month ->
        [1] January
        [2] February
        [3] March
        [4] April
        [5] May
        [6] June
        [7] July
        [8] August
        [9] September
        [10] October
        [11] November
       *[12] December
    }

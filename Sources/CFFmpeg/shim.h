// FFmpeg 5.1 headers plus static inline wrappers for the macros Swift cannot import.
// Nothing here allocates or owns memory; MediaIO owns every FFmpeg pointer.
#ifndef INTELLIMIX_CFFMPEG_SHIM_H
#define INTELLIMIX_CFFMPEG_SHIM_H

#include <errno.h>
#include <libavformat/avformat.h>
#include <libavcodec/avcodec.h>
#include <libswresample/swresample.h>
#include <libavutil/avutil.h>
#include <libavutil/audio_fifo.h>
#include <libavutil/channel_layout.h>
#include <libavutil/dict.h>
#include <libavutil/error.h>
#include <libavutil/opt.h>
#include <libavutil/samplefmt.h>

static inline int im_averror(int e) { return AVERROR(e); }
static inline int im_averror_eagain(void) { return AVERROR(EAGAIN); }
static inline int im_averror_eof(void) { return AVERROR_EOF; }
static inline int im_averror_invaliddata(void) { return AVERROR_INVALIDDATA; }
static inline int im_averror_decoder_not_found(void) { return AVERROR_DECODER_NOT_FOUND; }
static inline int im_averror_encoder_not_found(void) { return AVERROR_ENCODER_NOT_FOUND; }
static inline int im_averror_stream_not_found(void) { return AVERROR_STREAM_NOT_FOUND; }
static inline int64_t im_nopts_value(void) { return AV_NOPTS_VALUE; }
static inline AVRational im_time_base_q(void) { return AV_TIME_BASE_Q; }

/// Writes the text for an FFmpeg error code into buf (at least AV_ERROR_MAX_STRING_SIZE bytes).
static inline const char *im_err2str(int errnum, char *buf, size_t size) {
    av_strerror(errnum, buf, size);
    return buf;
}

/// Fills layout with the default layout for the given channel count (mono, stereo, ...).
static inline void im_default_layout(AVChannelLayout *layout, int channels) {
    av_channel_layout_default(layout, channels);
}

static inline AVChannelLayout im_layout_mono(void) { return (AVChannelLayout)AV_CHANNEL_LAYOUT_MONO; }
static inline AVChannelLayout im_layout_stereo(void) { return (AVChannelLayout)AV_CHANNEL_LAYOUT_STEREO; }

#endif

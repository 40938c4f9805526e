/* The floor of a promotion run through sphinx-adapter: PocketSphinx alone,
 * in one process, decoding the fixtures' audio concatenated (16 kHz mono
 * 16-bit raw on stdin) in 20 ms chunks with the same configuration and the
 * same VAD endpointing as sphinx-adapter, but no protocol, no harness and
 * one model load. Prints the number of utterances it finalized.
 *
 *   cc -O2 -o sphinx_floor sphinx_floor.c $(pkg-config --cflags --libs pocketsphinx)
 *   sox ... -t raw - | sphinx_floor /usr/share/pocketsphinx/model/en-us
 */
#include <pocketsphinx.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
    const char *dir = argc > 1 ? argv[1] : "/usr/share/pocketsphinx/model/en-us";
    char hmm[4096], lm[4096], dict[4096];
    snprintf(hmm, sizeof hmm, "%s/en-us", dir);
    snprintf(lm, sizeof lm, "%s/en-us.lm.bin", dir);
    snprintf(dict, sizeof dict, "%s/cmudict-en-us.dict", dir);
    cmd_ln_t *config = cmd_ln_init(NULL, ps_args(), TRUE, "-hmm", hmm, "-lm", lm, "-dict", dict,
                                   "-samprate", "16000", "-logfn", "/dev/null", NULL);
    ps_decoder_t *ps = config ? ps_init(config) : NULL;
    if (!ps) { fprintf(stderr, "sphinx_floor: cannot load the models in %s\n", dir); return 1; }
    int16 chunk[320];
    size_t got;
    int utterances = 0, heard = 0;
    ps_start_utt(ps);
    while ((got = fread(chunk, sizeof(int16), 320, stdin)) > 0) {
        ps_process_raw(ps, chunk, got, FALSE, FALSE);
        int32 score;
        (void)ps_get_hyp(ps, &score);  /* a partial after every chunk, as the adapter asks */
        if (ps_get_in_speech(ps)) {
            heard = 1;
        } else if (heard) {
            ps_end_utt(ps);
            const char *text = ps_get_hyp(ps, &score);
            if (text && *text) utterances++;
            heard = 0;
            ps_start_utt(ps);
        }
    }
    ps_end_utt(ps);
    int32 score;
    const char *text = ps_get_hyp(ps, &score);
    if (text && *text) utterances++;
    printf("%d utterances\n", utterances);
    ps_free(ps);
    cmd_ln_free_r(config);
    return 0;
}

;; SGNS inner loop (word2vec's, for one positive pair and its negatives) with 128-bit SIMD.
;; Compiled by `npm run build:wasm` into sgns-kernel-wasm.ts; sgns-kernel.ts lays out the memory:
;;   [0, 4096)        sigmoid table, f32[1001] over (-6, 6)
;;   [4096, 8192)     -log(sigmoid) table, f32[1001] over (-6, 6)
;;   [8192, 16384)    target rows, i32[]: the positive first, then the negatives
;;   [16384, 32768)   gradient accumulator, f32[dim4]
;;   [32768, ...)     input table, then output table: f32 rows of dim4 floats (dim rounded up to 4;
;;                    the padding stays 0, so it never changes a dot product)
(module
  (memory (export "memory") 1)

  ;; Trains input row `in` (byte offset) against `count` output rows (targets table; the first is the
  ;; positive) of the table at `out`; `bytes` = dim4 * 4. Returns the pair's loss; NaN when a dot is.
  (func (export "pair") (param $in i32) (param $out i32) (param $count i32) (param $bytes i32) (param $alpha f32) (result f64)
    (local $t i32) (local $row i32) (local $d i32) (local $acc v128) (local $o v128) (local $gv v128)
    (local $dot f32) (local $x f32) (local $f f32) (local $g f32) (local $label f32) (local $loss f64) (local $touched i32)
    (block $done
      (loop $targets
        (br_if $done (i32.ge_u (local.get $t) (local.get $count)))
        ;; row = out + targets[t] * bytes
        (local.set $row (i32.add (local.get $out)
          (i32.mul (i32.load (i32.add (i32.const 8192) (i32.shl (local.get $t) (i32.const 2)))) (local.get $bytes))))
        ;; dot product, four lanes at a time
        (local.set $acc (f32x4.splat (f32.const 0)))
        (local.set $d (i32.const 0))
        (block $dot_end
          (loop $dot_loop
            (br_if $dot_end (i32.ge_u (local.get $d) (local.get $bytes)))
            (local.set $acc (f32x4.add (local.get $acc)
              (f32x4.mul (v128.load (i32.add (local.get $in) (local.get $d))) (v128.load (i32.add (local.get $row) (local.get $d))))))
            (local.set $d (i32.add (local.get $d) (i32.const 16)))
            (br $dot_loop)))
        (local.set $dot (f32.add
          (f32.add (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
          (f32.add (f32x4.extract_lane 2 (local.get $acc)) (f32x4.extract_lane 3 (local.get $acc)))))
        (local.set $label (select (f32.const 1) (f32.const 0) (i32.eqz (local.get $t))))
        ;; loss: -log(sigmoid(x)), x = dot for the positive, -dot for a negative; beyond -6, -x; beyond 6, 0
        (local.set $x (select (local.get $dot) (f32.neg (local.get $dot)) (i32.eqz (local.get $t))))
        (local.set $loss (f64.add (local.get $loss) (f64.promote_f32
          (f32.add
            ;; dot - dot is 0, or NaN when the dot is NaN or infinite: a diverging run shows in the loss
            (f32.sub (local.get $dot) (local.get $dot))
            (if (result f32) (f32.ge (local.get $x) (f32.const 6))
              (then (f32.const 0))
              (else (if (result f32) (f32.le (local.get $x) (f32.const -6))
                (then (f32.neg (local.get $x)))
                (else (f32.load offset=4096 (i32.shl
                  (i32.trunc_sat_f32_s (f32.mul (f32.add (local.get $x) (f32.const 6)) (f32.const 83.33333333333333)))
                  (i32.const 2)))))))))))
        ;; f = sigmoid(dot) from the table (0 or 1 beyond +-6), g = alpha (label - f)
        (local.set $f
          (if (result f32) (f32.ge (local.get $dot) (f32.const 6))
            (then (f32.const 1))
            (else (if (result f32) (f32.le (local.get $dot) (f32.const -6))
              (then (f32.const 0))
              (else (f32.load (i32.shl
                (i32.trunc_sat_f32_s (f32.mul (f32.add (local.get $dot) (f32.const 6)) (f32.const 83.33333333333333)))
                (i32.const 2))))))))
        (local.set $g (f32.mul (local.get $alpha) (f32.sub (local.get $label) (local.get $f))))
        (if (f32.ne (local.get $g) (f32.const 0))
          (then
            (if (i32.eqz (local.get $touched))
              (then (memory.fill (i32.const 16384) (i32.const 0) (local.get $bytes))))
            (local.set $touched (i32.const 1))
            (local.set $gv (f32x4.splat (local.get $g)))
            ;; grad += g * out[row]; out[row] += g * in
            (local.set $d (i32.const 0))
            (block $axpy_end
              (loop $axpy
                (br_if $axpy_end (i32.ge_u (local.get $d) (local.get $bytes)))
                (local.set $o (v128.load (i32.add (local.get $row) (local.get $d))))
                (v128.store offset=16384 (local.get $d)
                  (f32x4.add (v128.load offset=16384 (local.get $d)) (f32x4.mul (local.get $gv) (local.get $o))))
                (v128.store (i32.add (local.get $row) (local.get $d))
                  (f32x4.add (local.get $o) (f32x4.mul (local.get $gv) (v128.load (i32.add (local.get $in) (local.get $d))))))
                (local.set $d (i32.add (local.get $d) (i32.const 16)))
                (br $axpy)))))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $targets)))
    ;; in += grad
    (if (local.get $touched)
      (then
        (local.set $d (i32.const 0))
        (block $in_end
          (loop $in_loop
            (br_if $in_end (i32.ge_u (local.get $d) (local.get $bytes)))
            (v128.store (i32.add (local.get $in) (local.get $d))
              (f32x4.add (v128.load (i32.add (local.get $in) (local.get $d))) (v128.load offset=16384 (local.get $d))))
            (local.set $d (i32.add (local.get $d) (i32.const 16)))
            (br $in_loop)))))
    (local.get $loss))
)

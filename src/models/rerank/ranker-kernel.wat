;; The ranker's forward pass for a 3-layer network (F -> n0 ReLU -> n1 ReLU -> 1) with float64 SIMD (two lanes).
;; Compiled by `npm run build:wasm` into ranker-kernel-wasm.ts; ranker-kernel.ts lays out the memory and does, per
;; call, what ranker.ts's RankerScorer does before its row loop (the base pre-activations, the varying columns).
;; The same operations in the same order as RankerScorer.score (a multiply, then an add, both rounded; no fused
;; multiply-add), so the scores are the same bits. n0 and n1 are multiples of 8 (padded with zero weights by the
;; caller). Each layer runs 16 units at a time (8 for a last block of 8), their sums held in eight (four) v128
;; locals rather than in memory; every unit still adds its terms in the same order.
;;
;; Pointers are byte offsets: x f32[rows][F]; varying i32[nVarying]; base f64[n0]; w0 f64[F][n0] (normalisation
;; folded in); w1 f64[n0][n1]; b1 f64[n1]; w2 f64[n1]; a f64[n0], c f64[n1] scratch; out f64[rows].
(module
  (memory (export "memory") 1)

  (func (export "score")
    (param $x i32) (param $rows i32) (param $F i32) (param $varying i32) (param $nVarying i32)
    (param $base i32) (param $w0 i32) (param $n0 i32) (param $w1 i32) (param $b1 i32) (param $n1 i32)
    (param $w2 i32) (param $b2 f64) (param $a i32) (param $c i32) (param $out i32)
    (local $r i32) (local $j i32) (local $o i32) (local $i i32) (local $row i32) (local $wrow i32)
    (local $v f64) (local $vv v128) (local $s f64) (local $n0b i32) (local $n1b i32)
    (local $acc0 v128) (local $acc1 v128) (local $acc2 v128) (local $acc3 v128)
    (local $acc4 v128) (local $acc5 v128) (local $acc6 v128) (local $acc7 v128)
    (local.set $n0b (i32.shl (local.get $n0) (i32.const 3)))
    (local.set $n1b (i32.shl (local.get $n1) (i32.const 3)))
    (block $rows_end
      (loop $rows_loop
        (br_if $rows_end (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $row (i32.add (local.get $x) (i32.shl (i32.mul (local.get $r) (local.get $F)) (i32.const 2))))
        ;; a = base + v * w0[f] for each varying column f whose value is not 0
        (local.set $o (i32.const 0))
        (block $l1_done
          (loop $l1_blocks
            (br_if $l1_done (i32.ge_u (local.get $o) (local.get $n0b)))
            (if (i32.ge_u (i32.sub (local.get $n0b) (local.get $o)) (i32.const 128))
              (then
              ;; units [o, o + 16): accumulators from base, then each varying non-zero column in order
              (local.set $acc0 (v128.load (i32.add (local.get $base) (local.get $o))))
              (local.set $acc1 (v128.load offset=16 (i32.add (local.get $base) (local.get $o))))
              (local.set $acc2 (v128.load offset=32 (i32.add (local.get $base) (local.get $o))))
              (local.set $acc3 (v128.load offset=48 (i32.add (local.get $base) (local.get $o))))
              (local.set $acc4 (v128.load offset=64 (i32.add (local.get $base) (local.get $o))))
              (local.set $acc5 (v128.load offset=80 (i32.add (local.get $base) (local.get $o))))
              (local.set $acc6 (v128.load offset=96 (i32.add (local.get $base) (local.get $o))))
              (local.set $acc7 (v128.load offset=112 (i32.add (local.get $base) (local.get $o))))
              (local.set $j (i32.const 0))
              (block $l116_end
                (loop $l116
                  (br_if $l116_end (i32.ge_u (local.get $j) (local.get $nVarying)))
                  (local.set $i (i32.load (i32.add (local.get $varying) (i32.shl (local.get $j) (i32.const 2)))))
                  (local.set $v (f64.promote_f32 (f32.load (i32.add (local.get $row) (i32.shl (local.get $i) (i32.const 2))))))
                  (if (f64.ne (local.get $v) (f64.const 0))
                    (then
                      (local.set $vv (f64x2.splat (local.get $v)))
                      (local.set $wrow (i32.add (i32.add (local.get $w0) (i32.mul (local.get $i) (local.get $n0b))) (local.get $o)))
                      (local.set $acc0 (f64x2.add (local.get $acc0) (f64x2.mul (local.get $vv) (v128.load (local.get $wrow)))))
                      (local.set $acc1 (f64x2.add (local.get $acc1) (f64x2.mul (local.get $vv) (v128.load offset=16 (local.get $wrow)))))
                      (local.set $acc2 (f64x2.add (local.get $acc2) (f64x2.mul (local.get $vv) (v128.load offset=32 (local.get $wrow)))))
                      (local.set $acc3 (f64x2.add (local.get $acc3) (f64x2.mul (local.get $vv) (v128.load offset=48 (local.get $wrow)))))
                      (local.set $acc4 (f64x2.add (local.get $acc4) (f64x2.mul (local.get $vv) (v128.load offset=64 (local.get $wrow)))))
                      (local.set $acc5 (f64x2.add (local.get $acc5) (f64x2.mul (local.get $vv) (v128.load offset=80 (local.get $wrow)))))
                      (local.set $acc6 (f64x2.add (local.get $acc6) (f64x2.mul (local.get $vv) (v128.load offset=96 (local.get $wrow)))))
                      (local.set $acc7 (f64x2.add (local.get $acc7) (f64x2.mul (local.get $vv) (v128.load offset=112 (local.get $wrow)))))
                    ))
                  (local.set $j (i32.add (local.get $j) (i32.const 1)))
                  (br $l116)))
              (v128.store (i32.add (local.get $a) (local.get $o)) (local.get $acc0))
              (v128.store offset=16 (i32.add (local.get $a) (local.get $o)) (local.get $acc1))
              (v128.store offset=32 (i32.add (local.get $a) (local.get $o)) (local.get $acc2))
              (v128.store offset=48 (i32.add (local.get $a) (local.get $o)) (local.get $acc3))
              (v128.store offset=64 (i32.add (local.get $a) (local.get $o)) (local.get $acc4))
              (v128.store offset=80 (i32.add (local.get $a) (local.get $o)) (local.get $acc5))
              (v128.store offset=96 (i32.add (local.get $a) (local.get $o)) (local.get $acc6))
              (v128.store offset=112 (i32.add (local.get $a) (local.get $o)) (local.get $acc7))
              (local.set $o (i32.add (local.get $o) (i32.const 128)))
              )
              (else
              ;; units [o, o + 8): accumulators from base, then each varying non-zero column in order
              (local.set $acc0 (v128.load (i32.add (local.get $base) (local.get $o))))
              (local.set $acc1 (v128.load offset=16 (i32.add (local.get $base) (local.get $o))))
              (local.set $acc2 (v128.load offset=32 (i32.add (local.get $base) (local.get $o))))
              (local.set $acc3 (v128.load offset=48 (i32.add (local.get $base) (local.get $o))))
              (local.set $j (i32.const 0))
              (block $l18_end
                (loop $l18
                  (br_if $l18_end (i32.ge_u (local.get $j) (local.get $nVarying)))
                  (local.set $i (i32.load (i32.add (local.get $varying) (i32.shl (local.get $j) (i32.const 2)))))
                  (local.set $v (f64.promote_f32 (f32.load (i32.add (local.get $row) (i32.shl (local.get $i) (i32.const 2))))))
                  (if (f64.ne (local.get $v) (f64.const 0))
                    (then
                      (local.set $vv (f64x2.splat (local.get $v)))
                      (local.set $wrow (i32.add (i32.add (local.get $w0) (i32.mul (local.get $i) (local.get $n0b))) (local.get $o)))
                      (local.set $acc0 (f64x2.add (local.get $acc0) (f64x2.mul (local.get $vv) (v128.load (local.get $wrow)))))
                      (local.set $acc1 (f64x2.add (local.get $acc1) (f64x2.mul (local.get $vv) (v128.load offset=16 (local.get $wrow)))))
                      (local.set $acc2 (f64x2.add (local.get $acc2) (f64x2.mul (local.get $vv) (v128.load offset=32 (local.get $wrow)))))
                      (local.set $acc3 (f64x2.add (local.get $acc3) (f64x2.mul (local.get $vv) (v128.load offset=48 (local.get $wrow)))))
                    ))
                  (local.set $j (i32.add (local.get $j) (i32.const 1)))
                  (br $l18)))
              (v128.store (i32.add (local.get $a) (local.get $o)) (local.get $acc0))
              (v128.store offset=16 (i32.add (local.get $a) (local.get $o)) (local.get $acc1))
              (v128.store offset=32 (i32.add (local.get $a) (local.get $o)) (local.get $acc2))
              (v128.store offset=48 (i32.add (local.get $a) (local.get $o)) (local.get $acc3))
              (local.set $o (i32.add (local.get $o) (i32.const 64)))
              ))
            (br $l1_blocks)))
        ;; c = b1 + relu(a[i]) * w1[i] for each unit i not 0 after the ReLU
        (local.set $o (i32.const 0))
        (block $l2_done
          (loop $l2_blocks
            (br_if $l2_done (i32.ge_u (local.get $o) (local.get $n1b)))
            (if (i32.ge_u (i32.sub (local.get $n1b) (local.get $o)) (i32.const 128))
              (then
              ;; units [o, o + 16): accumulators from b1, then each first-layer unit not 0 after the ReLU, in order
              (local.set $acc0 (v128.load (i32.add (local.get $b1) (local.get $o))))
              (local.set $acc1 (v128.load offset=16 (i32.add (local.get $b1) (local.get $o))))
              (local.set $acc2 (v128.load offset=32 (i32.add (local.get $b1) (local.get $o))))
              (local.set $acc3 (v128.load offset=48 (i32.add (local.get $b1) (local.get $o))))
              (local.set $acc4 (v128.load offset=64 (i32.add (local.get $b1) (local.get $o))))
              (local.set $acc5 (v128.load offset=80 (i32.add (local.get $b1) (local.get $o))))
              (local.set $acc6 (v128.load offset=96 (i32.add (local.get $b1) (local.get $o))))
              (local.set $acc7 (v128.load offset=112 (i32.add (local.get $b1) (local.get $o))))
              (local.set $i (i32.const 0))
              (block $l216_end
                (loop $l216
                  (br_if $l216_end (i32.ge_u (local.get $i) (local.get $n0)))
                  (local.set $v (f64.load (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 3)))))
                  ;; the ReLU as RankerScorer writes it: negative values become 0 (NaN and -0 stay)
                  (if (f64.lt (local.get $v) (f64.const 0)) (then (local.set $v (f64.const 0))))
                  (if (f64.ne (local.get $v) (f64.const 0))
                    (then
                      (local.set $vv (f64x2.splat (local.get $v)))
                      (local.set $wrow (i32.add (i32.add (local.get $w1) (i32.mul (local.get $i) (local.get $n1b))) (local.get $o)))
                      (local.set $acc0 (f64x2.add (local.get $acc0) (f64x2.mul (local.get $vv) (v128.load (local.get $wrow)))))
                      (local.set $acc1 (f64x2.add (local.get $acc1) (f64x2.mul (local.get $vv) (v128.load offset=16 (local.get $wrow)))))
                      (local.set $acc2 (f64x2.add (local.get $acc2) (f64x2.mul (local.get $vv) (v128.load offset=32 (local.get $wrow)))))
                      (local.set $acc3 (f64x2.add (local.get $acc3) (f64x2.mul (local.get $vv) (v128.load offset=48 (local.get $wrow)))))
                      (local.set $acc4 (f64x2.add (local.get $acc4) (f64x2.mul (local.get $vv) (v128.load offset=64 (local.get $wrow)))))
                      (local.set $acc5 (f64x2.add (local.get $acc5) (f64x2.mul (local.get $vv) (v128.load offset=80 (local.get $wrow)))))
                      (local.set $acc6 (f64x2.add (local.get $acc6) (f64x2.mul (local.get $vv) (v128.load offset=96 (local.get $wrow)))))
                      (local.set $acc7 (f64x2.add (local.get $acc7) (f64x2.mul (local.get $vv) (v128.load offset=112 (local.get $wrow)))))
                    ))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br $l216)))
              (v128.store (i32.add (local.get $c) (local.get $o)) (local.get $acc0))
              (v128.store offset=16 (i32.add (local.get $c) (local.get $o)) (local.get $acc1))
              (v128.store offset=32 (i32.add (local.get $c) (local.get $o)) (local.get $acc2))
              (v128.store offset=48 (i32.add (local.get $c) (local.get $o)) (local.get $acc3))
              (v128.store offset=64 (i32.add (local.get $c) (local.get $o)) (local.get $acc4))
              (v128.store offset=80 (i32.add (local.get $c) (local.get $o)) (local.get $acc5))
              (v128.store offset=96 (i32.add (local.get $c) (local.get $o)) (local.get $acc6))
              (v128.store offset=112 (i32.add (local.get $c) (local.get $o)) (local.get $acc7))
              (local.set $o (i32.add (local.get $o) (i32.const 128)))
              )
              (else
              ;; units [o, o + 8): accumulators from b1, then each first-layer unit not 0 after the ReLU, in order
              (local.set $acc0 (v128.load (i32.add (local.get $b1) (local.get $o))))
              (local.set $acc1 (v128.load offset=16 (i32.add (local.get $b1) (local.get $o))))
              (local.set $acc2 (v128.load offset=32 (i32.add (local.get $b1) (local.get $o))))
              (local.set $acc3 (v128.load offset=48 (i32.add (local.get $b1) (local.get $o))))
              (local.set $i (i32.const 0))
              (block $l28_end
                (loop $l28
                  (br_if $l28_end (i32.ge_u (local.get $i) (local.get $n0)))
                  (local.set $v (f64.load (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 3)))))
                  ;; the ReLU as RankerScorer writes it: negative values become 0 (NaN and -0 stay)
                  (if (f64.lt (local.get $v) (f64.const 0)) (then (local.set $v (f64.const 0))))
                  (if (f64.ne (local.get $v) (f64.const 0))
                    (then
                      (local.set $vv (f64x2.splat (local.get $v)))
                      (local.set $wrow (i32.add (i32.add (local.get $w1) (i32.mul (local.get $i) (local.get $n1b))) (local.get $o)))
                      (local.set $acc0 (f64x2.add (local.get $acc0) (f64x2.mul (local.get $vv) (v128.load (local.get $wrow)))))
                      (local.set $acc1 (f64x2.add (local.get $acc1) (f64x2.mul (local.get $vv) (v128.load offset=16 (local.get $wrow)))))
                      (local.set $acc2 (f64x2.add (local.get $acc2) (f64x2.mul (local.get $vv) (v128.load offset=32 (local.get $wrow)))))
                      (local.set $acc3 (f64x2.add (local.get $acc3) (f64x2.mul (local.get $vv) (v128.load offset=48 (local.get $wrow)))))
                    ))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br $l28)))
              (v128.store (i32.add (local.get $c) (local.get $o)) (local.get $acc0))
              (v128.store offset=16 (i32.add (local.get $c) (local.get $o)) (local.get $acc1))
              (v128.store offset=32 (i32.add (local.get $c) (local.get $o)) (local.get $acc2))
              (v128.store offset=48 (i32.add (local.get $c) (local.get $o)) (local.get $acc3))
              (local.set $o (i32.add (local.get $o) (i32.const 64)))
              ))
            (br $l2_blocks)))
        ;; out = b2 + sum of relu(c[i]) * w2[i], in unit order
        (local.set $s (local.get $b2))
        (local.set $i (i32.const 0))
        (block $last_end
          (loop $last
            (br_if $last_end (i32.ge_u (local.get $i) (local.get $n1)))
            (local.set $v (f64.load (i32.add (local.get $c) (i32.shl (local.get $i) (i32.const 3)))))
            (if (f64.lt (local.get $v) (f64.const 0)) (then (local.set $v (f64.const 0))))
            (if (f64.ne (local.get $v) (f64.const 0))
              (then
                (local.set $s (f64.add (local.get $s)
                  (f64.mul (local.get $v) (f64.load (i32.add (local.get $w2) (i32.shl (local.get $i) (i32.const 3)))))))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $last)))
        (f64.store (i32.add (local.get $out) (i32.shl (local.get $r) (i32.const 3))) (local.get $s))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows_loop)))))

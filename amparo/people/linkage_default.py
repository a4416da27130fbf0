"""The default linkage parameters, for a center with too few people to estimate its own.

Fitted by ``linkage.fit`` on ``people.synthetic.generate(20000, seed=1981)`` (the set the
levels were tuned on), without term frequencies. Regenerate with ``python -m bench linkage
--write-default``.
"""

PARAMETERS = {'fields': ['given', 'surname', 'birth', 'phone', 'address', 'identifier'],
 'levels': {'address': ['same_street', 'same_postcode', 'same_city', 'other'],
            'birth': ['same', 'swapped', 'typo', 'year_month', 'year', 'other'],
            'given': ['same', 'one_given', 'nickname', 'phonetic', 'jw_high', 'jw_mid', 'initial', 'other'],
            'identifier': ['same', 'other'],
            'phone': ['same', 'last7', 'other'],
            'surname': ['same', 'swapped', 'one_missing', 'phonetic', 'jw_high', 'one_of_two', 'jw_mid', 'other']},
 'm': {'address': [0.835622, 0.00100964, 4.77665e-05, 0.163321],
       'birth': [0.760426, 0.0563521, 0.181842, 5.94059e-05, 0.00125872, 6.16622e-05],
       'given': [0.704186, 0.151405, 0.0815693, 0.0138707, 0.0372328, 0.00966465, 4.76655e-05, 0.00202387],
       'identifier': [0.999682, 0.000317528],
       'phone': [0.8176, 5.53732e-05, 0.182344],
       'surname': [0.542879, 0.108256, 0.188328, 0.040577, 0.114217, 0.00416802, 0.000525651, 0.00104879]},
 'matches_per_record': 0.161636,
 'prior': 1.56936e-05,
 'schema': 1,
 'tf': {},
 'threshold': 0.9,
 'u': {'address': [3.50025e-05, 0.00127509, 5.00035e-06, 0.998685],
       'birth': [6.74582e-05, 5.18909e-06, 0.00114679, 0.000648636, 0.0116184, 0.986514],
       'given': [0.0059153, 0.0524976, 0.00142507, 0.000125006, 0.00238512, 0.00697535, 5.00025e-06, 0.930672],
       'identifier': [6.68807e-05, 0.999933],
       'phone': [1.54998e-05, 1.54998e-05, 0.999969],
       'surname': [0.00164508, 0.00100505, 0.00291515, 0.000155008, 0.00701535, 0.124681, 0.00518526, 0.857398]}}

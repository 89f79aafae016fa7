/** churn-latest-prediction (an indexed, sub-millisecond lookup) on a uniform lead id. */
import definition from '../../scenarios/churn-latest-prediction.ts';
import { withUniformParams } from './uniform.ts';

export default withUniformParams(definition);
